import type { LanguageModel } from "../ai/language-model.ts";
import { botContext } from "../bot/context.ts";
import { costMicros, recordUsage } from "../bot/usage.ts";
import type { StoredSummary, StoredTranscript } from "../db/schema/call-recordings.ts";
import type { Deps } from "../deps.ts";

const INSTRUCTION =
  "Summarise the transcript passages of this recorded phone conversation for the support team in at most three " +
  "short sentences: the reason for contacting us and the request. Use only the passages; do not invent details.";
const QUESTION = "Why did the customer call and what do they need?";
const MAX_SENTENCES = 3;

/** The transcript as numbered passages: its speaker turns, or its sentences when there are none. */
export function passagesOf(transcript: StoredTranscript): string[] {
  const turns = transcript.segments.map((s) => (s.speaker ? `${s.speaker}: ${s.text}` : s.text).trim());
  const list = turns.length ? turns : transcript.text.split(/(?<=[.!?])\s+/);
  return list.map((t) => t.trim()).filter(Boolean);
}

/** The model's answer as key sentences; an empty or "don't know" answer is no summary. */
export function keySentencesOf(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed || /^i don'?t know\.?$/i.test(trimmed)) return [];
  return trimmed
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[-*•\d.)\s]+/, "").trim())
    .filter(Boolean)
    .slice(0, MAX_SENTENCES);
}

/**
 * VOICE_SUMMARY_PROVIDER=llm: the key sentences from the agent-bot's OpenAI-compatible provider (BOT_LLM_*), usage
 * booked like the bot's. Any failure (not configured, timeout, 429, error, empty answer) keeps the extractive
 * summary and says why in `fallback`.
 */
export async function llmSummary(
  deps: Deps,
  workspaceId: string,
  transcript: StoredTranscript,
  local: StoredSummary,
  model: LanguageModel | null = botContext(deps).paid,
): Promise<StoredSummary> {
  if (!model) return { ...local, fallback: "no language-model provider is configured (BOT_LLM_BASE_URL)" };
  const res = await model.complete({
    messages: [
      { role: "system", content: INSTRUCTION },
      { role: "user", content: QUESTION },
    ],
    context: passagesOf(transcript),
    maxTokens: 200,
  });
  if (!res.ok) return { ...local, fallback: `${res.error.kind}: ${res.error.message}` };
  const ctx = botContext(deps);
  await recordUsage(deps.database.db, {
    workspaceId,
    provider: model.id,
    nowMs: deps.now(),
    usage: res.value.usage,
    costMicros: costMicros(res.value.usage, ctx.prices),
  });
  const keySentences = keySentencesOf(res.value.text);
  if (keySentences.length === 0) return { ...local, fallback: "the model returned no summary" };
  return { ...local, method: `llm:${res.value.model}`, keySentences };
}
