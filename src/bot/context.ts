import { createExtractiveModel } from "../ai/extractive.ts";
import type { LanguageModel } from "../ai/language-model.ts";
import { createOpenAiCompatibleModel } from "../ai/openai-compatible.ts";
import type { Deps } from "../deps.ts";
import { ChunkEmbeddings } from "./knowledge/embeddings.ts";
import { KnowledgeStore } from "./knowledge/store.ts";
import type { Prices } from "./usage.ts";

/** The bot's parts, built once per process from Deps (kept out of deps.ts: only the bot needs them). */
export type BotContext = {
  deps: Deps;
  knowledge: KnowledgeStore;
  extractive: LanguageModel;
  /** The configured OpenAI-compatible provider, or null when BOT_LLM_BASE_URL is unset. */
  paid: LanguageModel | null;
  /** Chunk embeddings, when BOT_LLM_EMBEDDING_MODEL (and the provider) is configured: hybrid retrieval. */
  embeddings: ChunkEmbeddings | null;
  prices: Prices;
  dailyBudgetMicros: number;
};

const contexts = new WeakMap<Deps, BotContext>();

export function botContext(deps: Deps): BotContext {
  const existing = contexts.get(deps);
  if (existing) return existing;
  const c = deps.config;
  const paid = c.BOT_LLM_BASE_URL
    ? createOpenAiCompatibleModel({
        baseUrl: c.BOT_LLM_BASE_URL,
        apiKey: c.BOT_LLM_API_KEY,
        model: c.BOT_LLM_MODEL,
        embeddingModel: c.BOT_LLM_EMBEDDING_MODEL,
        timeoutMs: c.BOT_LLM_TIMEOUT_MS,
        maxRetries: c.BOT_LLM_MAX_RETRIES,
      })
    : null;
  const context: BotContext = {
    deps,
    knowledge: new KnowledgeStore(deps.database.db),
    extractive: createExtractiveModel(),
    paid,
    embeddings:
      paid && c.BOT_LLM_EMBEDDING_MODEL ? new ChunkEmbeddings(deps.database.db, paid, c.BOT_LLM_EMBEDDING_MODEL) : null,
    prices: { inputPerMTok: c.BOT_LLM_PRICE_INPUT_PER_MTOK, outputPerMTok: c.BOT_LLM_PRICE_OUTPUT_PER_MTOK },
    dailyBudgetMicros: Math.round(c.BOT_DAILY_BUDGET_USD * 1_000_000),
  };
  contexts.set(deps, context);
  return context;
}
