import { termsOf } from "../bot/knowledge/terms.ts";
import { ok } from "../lib/result.ts";
import type { CompletionRequest, LanguageModel } from "./language-model.ts";

const MAX_ANSWER_CHARS = 420;

type Sentence = { passage: number; position: number; text: string; score: number };

function sentencesOf(passage: string): string[] {
  return (passage.match(/[^.!?\n]+(?:[.!?]+["')\]]*|\n|$)/g) ?? [passage]).map((s) => s.trim()).filter(Boolean);
}

/**
 * The default provider: no model, no network. It answers with the sentences of the given passages that share the
 * most words with the question (earlier passages win ties), in their original order, kept short. With no
 * passages it returns an empty text; callers decide what an empty answer means.
 */
export function extractAnswer(question: string, passages: string[]): string {
  const wanted = new Set(termsOf(question));
  const scored: Sentence[] = [];
  passages.slice(0, 3).forEach((passage, p) => {
    sentencesOf(passage).forEach((text, position) => {
      const overlap = termsOf(text).filter((t) => wanted.has(t)).length;
      scored.push({ passage: p, position, text, score: overlap - p * 0.5 });
    });
  });
  const best = [...scored].sort((a, b) => b.score - a.score || a.passage - b.passage || a.position - b.position)[0];
  if (!best) return "";
  // The best sentence, then its neighbours in the same passage while there is room: an answer reads as prose.
  const same = scored.filter((s) => s.passage === best.passage);
  const picked = [best];
  let length = best.text.length;
  for (let step = 1; step < same.length; step++) {
    for (const candidate of [same[best.position + step], same[best.position - step]]) {
      if (!candidate || length + candidate.text.length + 1 > MAX_ANSWER_CHARS) continue;
      if (candidate.score <= 0 && picked.length >= 2) continue;
      picked.push(candidate);
      length += candidate.text.length + 1;
    }
  }
  return picked
    .sort((a, b) => a.position - b.position)
    .map((s) => s.text)
    .join(" ");
}

export function createExtractiveModel(): LanguageModel {
  return {
    id: "extractive",
    paid: false,
    complete: async (request: CompletionRequest) => {
      const question = [...request.messages].reverse().find((m) => m.role === "user")?.content ?? "";
      const text = extractAnswer(question, request.context ?? []);
      return ok({ text, model: "extractive", usage: { inputTokens: 0, outputTokens: 0 } });
    },
  };
}
