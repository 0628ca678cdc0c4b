import type { Usage } from "../ai/language-model.ts";
import type { BotOwner } from "../db/schema/index.ts";
import type { BotContext } from "./context.ts";
import { decide } from "./decide.ts";
import { type RetrievalMode, retrieve } from "./retrieve.ts";
import type { InboxSettings } from "./settings.ts";
import { costMicros, recordUsage, spentToday } from "./usage.ts";

export type RetrievedChunk = { chunkId: string; documentId: string; heading: string; text: string; score: number };

export type BotAnswer = {
  action: "answer" | "handoff";
  answer?: string;
  chunks: RetrievedChunk[];
  reason: string;
  confidence: number;
  /** The provider that wrote the answer (extractive after a fallback). */
  provider: string | null;
  /** Why the configured provider was not used, when it was not. */
  fallback: string | null;
  usage: Usage;
  costMicros: number;
  latencyMs: number;
  /** `hybrid` (BM25 + embeddings, RRF) or `bm25`, and why hybrid was not used when it is configured. */
  retrieval: RetrievalMode;
  retrievalFallback: string | null;
};

export type AskState = { owner: BotOwner; botTurns: number };

const PASSAGES = 3;

/**
 * What the bot does with one question: retrieve, decide (threshold, turns, a request for a person), and when it
 * answers, write the answer with the inbox's provider — the paid one only while today's budget lasts, falling back
 * to the extractive provider on any failure (timeout, 429, error). Usage and cost are booked here.
 */
export async function answerQuestion(
  ctx: BotContext,
  workspaceId: string,
  question: string,
  settings: InboxSettings,
  state: AskState = { owner: "bot", botTurns: 0 },
): Promise<BotAnswer> {
  const started = performance.now();
  const found = await retrieve(ctx, workspaceId, question, 10);
  const chunks = found.hits.map((h) => ({
    chunkId: h.id,
    documentId: h.documentId,
    heading: h.heading,
    text: h.text,
    score: h.score,
  }));
  const decision = decide({
    question,
    confidence: found.confidence,
    hits: found.hits.length,
    threshold: settings.threshold,
    botTurns: state.botTurns,
    maxBotTurns: settings.maxBotTurns,
    owner: state.owner,
  });
  const base = {
    chunks,
    confidence: found.confidence,
    reason: decision.reason,
    retrieval: found.retrieval,
    retrievalFallback: found.retrievalFallback,
  };
  const none: Usage = { inputTokens: 0, outputTokens: 0 };
  if (decision.action === "handoff") {
    return {
      ...base,
      action: "handoff",
      provider: null,
      fallback: null,
      usage: none,
      costMicros: 0,
      latencyMs: elapsed(started),
    };
  }
  const context = chunks.slice(0, PASSAGES).map((c) => c.text);
  const messages = [{ role: "user" as const, content: question }];
  let fallback: string | null = null;
  if (settings.provider === "openai") {
    const now = ctx.deps.now();
    if (!ctx.paid) fallback = "no language-model provider is configured (BOT_LLM_BASE_URL)";
    else if ((await spentToday(ctx.deps.database.db, workspaceId, now)) >= ctx.dailyBudgetMicros)
      fallback = "today's budget is spent";
    else {
      const res = await ctx.paid.complete({ messages, context });
      if (res.ok && res.value.text) {
        const cost = costMicros(res.value.usage, ctx.prices);
        await recordUsage(ctx.deps.database.db, {
          workspaceId,
          provider: ctx.paid.id,
          nowMs: now,
          usage: res.value.usage,
          costMicros: cost,
        });
        return {
          ...base,
          action: "answer",
          answer: res.value.text,
          provider: ctx.paid.id,
          fallback: null,
          usage: res.value.usage,
          costMicros: cost,
          latencyMs: elapsed(started),
        };
      }
      fallback = res.ok ? "the model returned an empty answer" : `${res.error.kind}: ${res.error.message}`;
    }
  }
  const extractive = await ctx.extractive.complete({ messages, context });
  const text = extractive.ok ? extractive.value.text : "";
  if (!text) {
    return {
      ...base,
      action: "handoff",
      reason: "no answer could be extracted",
      provider: null,
      fallback,
      usage: none,
      costMicros: 0,
      latencyMs: elapsed(started),
    };
  }
  return {
    ...base,
    action: "answer",
    answer: text,
    provider: ctx.extractive.id,
    fallback,
    usage: none,
    costMicros: 0,
    latencyMs: elapsed(started),
  };
}

const elapsed = (started: number) => Math.round(performance.now() - started);
