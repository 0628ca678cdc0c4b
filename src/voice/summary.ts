import type { StoredSummary, TranscriptSegment } from "../db/schema/call-recordings.ts";

const PHONE = /(?:\+?\d[\d\s().-]{6,}\d)/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** Spoken emails ("jane at example dot com") as speech-to-text writes them. */
const SPOKEN_EMAIL = /\b([a-z][\w.]*) at ([a-z][\w-]*) dot ([a-z]{2,})\b/gi;
/** Order-like ids: "order (number) AB4512", or a token mixing letters and digits (spoken letters joined). */
const ORDER_AFTER_WORD =
  /\b(?:order|invoice|ticket|case|reference|booking)(?: number| no\.?| id)?\s+((?:[A-Z0-9]\s?){3,12})/gi;
const REASON_CUES =
  /\b(calling (?:about|because|regarding)|i(?:'d| would) like to|i want to|i need|the reason|problem|issue|was charged|has not arrived)\b/i;
const STOP = new Set(
  "the a an and or to of in on at is are was were i you it this that for with my me be have".split(" "),
);

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const uniq = (xs: string[]) => [...new Set(xs)];

/**
 * Extractive summary of a transcript: the sentences carrying the most frequent content words (at most `max`, in
 * spoken order), the customer's stated reason (first sentence with a reason cue), and the phone numbers, emails
 * and order-like ids it mentions. Deterministic and local: no model, no network.
 */
export function extractiveSummary(text: string, segments: TranscriptSegment[] = [], max = 3): StoredSummary {
  const sentences = splitSentences(text);
  const words = (s: string) => s.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  const freq = new Map<string, number>();
  for (const w of words(text)) if (!STOP.has(w) && w.length > 2) freq.set(w, (freq.get(w) ?? 0) + 1);
  const score = (s: string) => {
    const ws = words(s);
    return ws.reduce((n, w) => n + (freq.get(w) ?? 0), 0) / Math.max(4, ws.length) + (REASON_CUES.test(s) ? 1 : 0);
  };
  const ranked = sentences
    .map((s, i) => ({ s, i, score: score(s) }))
    .toSorted((a, b) => b.score - a.score || a.i - b.i);
  const keySentences = ranked
    .slice(0, max)
    .toSorted((a, b) => a.i - b.i)
    .map((r) => r.s);
  const customerTurns = segments.some((g) => g.speaker) ? segments.map((g) => g.text) : sentences;
  const reason = customerTurns.flatMap(splitSentences).find((s) => REASON_CUES.test(s)) ?? null;
  const phones = uniq(
    (text.match(PHONE) ?? []).map((p) => p.replace(/[^\d+]/g, "")).filter((p) => p.replace("+", "").length >= 7),
  );
  const emails = uniq([
    ...(text.match(EMAIL) ?? []).map((e) => e.toLowerCase()),
    ...[...text.matchAll(SPOKEN_EMAIL)].map((m) => `${m[1]}@${m[2]}.${m[3]}`.toLowerCase()),
  ]);
  const orderIds = uniq(
    [...text.matchAll(ORDER_AFTER_WORD)].map((m) => (m[1] ?? "").replace(/\s/g, "").toUpperCase()),
  ).filter((id) => /\d/.test(id));
  return { method: "extractive", keySentences, reason, phones, emails, orderIds };
}
