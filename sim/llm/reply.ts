/**
 * Deterministic "model" behaviour: no randomness, no weights. A chat reply is the sentence of the request (system
 * and earlier messages) that shares the most words with the last user message, or "I don't know." when none
 * shares any; embeddings are hashed bags of words, so the same text always gets the same vector.
 */
const STOP = new Set(
  "a an and are as at be by can do does for from how i in is it me my of on or the to what when where which who why will with you your".split(
    " ",
  ),
);

const wordsOf = (text: string): string[] =>
  (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !STOP.has(w)).map((w) => w.replace(/s$/, ""));

export function chatReply(messages: Array<{ role: string; content: string }>): string {
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  if (!lastUser) return "I don't know.";
  const wanted = new Set(wordsOf(lastUser.content));
  let best = "";
  let bestScore = 0;
  for (const m of messages) {
    if (m === lastUser) continue;
    for (const sentence of m.content.split(/(?<=[.!?])\s+|\n+/)) {
      const text = sentence.replace(/^\[\d+\]\s*/, "").trim();
      const score = wordsOf(text).filter((w) => wanted.has(w)).length;
      if (score > bestScore) {
        best = text;
        bestScore = score;
      }
    }
  }
  return bestScore > 0 ? best : "I don't know.";
}

export const countTokens = (text: string): number => Math.ceil(text.length / 4);

export function embed(text: string, dimensions = 32): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const w of wordsOf(text)) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619) >>> 0;
    v[h % dimensions] = (v[h % dimensions] ?? 0) + 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
