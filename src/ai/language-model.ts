import type { Result } from "../lib/result.ts";

/**
 * The one interface every language-model provider implements (the agent bot, call summaries, …).
 * `context` carries the passages the answer must come from; a provider never invents outside them.
 */
export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export type CompletionRequest = {
  messages: ChatMessage[];
  context?: string[];
  maxTokens?: number;
};

export type Usage = { inputTokens: number; outputTokens: number };
export type Completion = { text: string; usage: Usage; model: string };
export type Embeddings = { vectors: number[][]; usage: Usage; model: string };

export type ProviderError = {
  kind: "rate_limited" | "timeout" | "network" | "http" | "invalid_response" | "not_configured";
  message: string;
  status?: number;
  retryAfterMs?: number;
};

export interface LanguageModel {
  /** `extractive`, `openai`, … : the name usage and cost are booked under. */
  readonly id: string;
  /** True when calls cost money and count against the daily budget. */
  readonly paid: boolean;
  complete(request: CompletionRequest): Promise<Result<Completion, ProviderError>>;
  embed?(texts: string[]): Promise<Result<Embeddings, ProviderError>>;
}

/** Rough token count (4 characters ≈ 1 token) for providers that report none. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
