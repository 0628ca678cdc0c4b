import type { Conversation, Message } from "./types.ts";

/** Pure helpers for conversations and messages, kept apart from the pages so they can be unit-tested. */

type ConversationLike = Partial<Pick<Conversation, "call" | "details" | "startedAt" | "endedAt">>;

function ms(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const t = typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** Seconds: the platform's own duration when it gave one (calls), else end − start, else time so far. */
export function conversationDuration(c: ConversationLike, now = Date.now()): number | null {
  const given = c.call?.durationSec ?? c.details?.durationSec ?? c.details?.duration;
  if (typeof given === "number" && Number.isFinite(given)) return given;
  const start = ms(c.startedAt);
  if (start === null) return null;
  const end = ms(c.endedAt) ?? now;
  return Math.max(0, (end - start) / 1000);
}

export type Fact = { label: string; value: string };

const CALL_FACTS: Array<[string, string]> = [
  ["direction", "Direction"],
  ["from", "From"],
  ["to", "To"],
  ["result", "Result"],
  ["queue", "Queue"],
];

/** The call details worth a line each (the recording is played separately, through the hub). */
export function conversationFacts(c: ConversationLike): Fact[] {
  const details: Record<string, unknown> = { ...(c.details ?? {}), ...(c.call ?? {}) };
  const facts: Fact[] = [];
  for (const [key, label] of CALL_FACTS) {
    const value = details[key];
    if (typeof value === "string" || typeof value === "number") facts.push({ label, value: String(value) });
  }
  if (typeof details.summary === "string") facts.push({ label: "Summary", value: details.summary });
  return facts;
}

/**
 * Where the dashboard fetches a call's recording: only the hub's own route (it adds RingCentral's token and
 * checks the media host). RingCentral's `contentUri` answers "Login to extension required" to a browser, so it is
 * never linked; an older hub without `url` gets the route built from the conversation id.
 */
export function recordingPath(c: ConversationLike & { id?: string | null }): string | null {
  const recording = c.call?.recording;
  if (!recording) return null;
  const url = (recording as { url?: unknown }).url;
  if (typeof url === "string" && url.startsWith("/api/")) return url;
  return c.id ? `/api/conversations/${encodeURIComponent(c.id)}/recording` : null;
}

export type Side = "customer" | "agent" | "system";

/** Which side of the transcript a message sits on. Author types differ per platform (UNCONFIRMED list). */
export function messageSide(m: Pick<Message, "authorType">): Side {
  const t = m.authorType.toLowerCase();
  if (["customer", "visitor", "contact", "contact_inbox", "incoming"].includes(t)) return "customer";
  if (["agent", "user", "bot", "agent_bot", "outgoing"].includes(t)) return "agent";
  return "system";
}
