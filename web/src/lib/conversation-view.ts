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

export type Fact = { label: string; value: string; href?: string };

const CALL_FACTS: Array<[string, string]> = [
  ["direction", "Direction"],
  ["from", "From"],
  ["to", "To"],
  ["result", "Result"],
  ["queue", "Queue"],
];

function recordingLink(recording: unknown): string | null {
  if (typeof recording === "string") return recording;
  if (recording && typeof recording === "object") {
    const r = recording as Record<string, unknown>;
    const uri = r.contentUri ?? r.uri ?? r.url;
    if (typeof uri === "string") return uri;
  }
  return null;
}

/** The call details worth a line each; the recording becomes a link. */
export function conversationFacts(c: ConversationLike): Fact[] {
  const details: Record<string, unknown> = { ...(c.details ?? {}), ...(c.call ?? {}) };
  const facts: Fact[] = [];
  for (const [key, label] of CALL_FACTS) {
    const value = details[key];
    if (typeof value === "string" || typeof value === "number") facts.push({ label, value: String(value) });
  }
  const recording = recordingLink(details.recordingUrl ?? details.recording);
  if (recording) facts.push({ label: "Recording", value: "Open recording", href: recording });
  if (typeof details.summary === "string") facts.push({ label: "Summary", value: details.summary });
  return facts;
}

export type Side = "customer" | "agent" | "system";

/** Which side of the transcript a message sits on. Author types differ per platform (UNCONFIRMED list). */
export function messageSide(m: Pick<Message, "authorType">): Side {
  const t = m.authorType.toLowerCase();
  if (["customer", "visitor", "contact", "contact_inbox", "incoming"].includes(t)) return "customer";
  if (["agent", "user", "bot", "agent_bot", "outgoing"].includes(t)) return "agent";
  return "system";
}
