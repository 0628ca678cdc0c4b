import { humanize, platformLabel } from "./format.ts";
import type { Customer, TimelineEntry } from "./types.ts";

/** Pure helpers for customers and their timeline (the timeline's exact shape is UNCONFIRMED; see types.ts). */

export function contactsOf(c: Customer): {
  emails: string[];
  phones: string[];
  others: Array<{ label: string; value: string }>;
} {
  const identities = c.identities ?? [];
  const kindOf = (i: (typeof identities)[number]) => (i.kind ?? i.type ?? "").toLowerCase();
  const of = (kind: string) => identities.filter((i) => kindOf(i) === kind && i.value).map((i) => i.value ?? "");
  const emails = [...new Set([...(c.emails ?? []), ...(c.email ? [c.email] : []), ...of("email")])];
  const phones = [...new Set([...(c.phones ?? []), ...(c.phone ? [c.phone] : []), ...of("phone")])];
  const label = (i: (typeof identities)[number]) =>
    kindOf(i) === "platform" || (i.platform && !kindOf(i))
      ? `${platformLabel(i.platform ?? null)} id`
      : kindOf(i) === "custom"
        ? "Custom id"
        : humanize(kindOf(i) || "id");
  const others = identities
    .filter((i) => !["email", "phone"].includes(kindOf(i)) && i.value)
    .map((i) => ({ label: label(i), value: i.value ?? "" }));
  return { emails, phones, others };
}

export type TimelineItem = {
  key: string;
  kind: "call" | "chat" | "other";
  at: string | number | null;
  entry: TimelineEntry;
};

function kindOf(entry: TimelineEntry): TimelineItem["kind"] {
  const word = (entry.kind ?? entry.type ?? entry.channel ?? entry.conversation?.channel ?? "").toLowerCase();
  if (word.includes("call")) return "call";
  if (word.includes("chat") || word.includes("conversation") || word.includes("message")) return "chat";
  return "other";
}

/** Newest first, whatever field the hub puts the time in. */
export function timelineItems(entries: TimelineEntry[]): TimelineItem[] {
  const items = entries.map((entry, i) => ({
    key: entry.id ?? entry.conversationId ?? `entry-${i}`,
    kind: kindOf(entry),
    at: entry.at ?? entry.startedAt ?? entry.conversation?.startedAt ?? null,
    entry,
  }));
  const time = (v: string | number | null) => (v === null ? 0 : typeof v === "number" ? v : Date.parse(v) || 0);
  return items.sort((a, b) => time(b.at) - time(a.at));
}

/** The conversation an entry belongs to, for a link to its full transcript. */
export function entryConversationId(
  entry: Partial<Pick<TimelineEntry, "id" | "conversationId" | "conversation">>,
): string | null {
  return entry.conversationId ?? entry.conversation?.id ?? (entry.id?.startsWith("cnv_") ? entry.id : null);
}
