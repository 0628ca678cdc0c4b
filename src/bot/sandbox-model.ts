import { createOpenAiCompatibleModel } from "../ai/openai-compatible.ts";
import type { Deps } from "../deps.ts";
import { botContext } from "./context.ts";

/**
 * Sandbox mode without BOT_LLM_BASE_URL: the bot's paid provider is the bundled LLM sandbox, so `npm start` shows
 * the whole provider path (tokens, cost, budget) with no account anywhere. A configured provider always wins.
 */
export function applySandboxModel(deps: Deps, baseUrl: string, apiKey: string): void {
  const ctx = botContext(deps);
  if (ctx.paid) return;
  ctx.paid = createOpenAiCompatibleModel({
    baseUrl,
    apiKey,
    model: "sandbox-chat-1",
    embeddingModel: "sandbox-embed-1",
    timeoutMs: deps.config.BOT_LLM_TIMEOUT_MS,
    maxRetries: deps.config.BOT_LLM_MAX_RETRIES,
  });
}
