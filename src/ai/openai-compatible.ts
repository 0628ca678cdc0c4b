import { z } from "zod";
import { err, ok, type Result } from "../lib/result.ts";
import type { ChatMessage, CompletionRequest, LanguageModel, ProviderError, Usage } from "./language-model.ts";

export type OpenAiOptions = {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Unset: the model has no `embed`. */
  embeddingModel?: string;
  timeoutMs: number;
  maxRetries: number;
  /** Longest Retry-After we wait for; a longer one fails at once so the caller can fall back. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

const usageSchema = z
  .object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0).optional() })
  .optional();
const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: usageSchema,
});
const embeddingSchema = z.object({
  model: z.string().optional(),
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int() })),
  usage: usageSchema,
});

const toUsage = (u: z.infer<typeof usageSchema>): Usage => ({
  inputTokens: u?.prompt_tokens ?? 0,
  outputTokens: u?.completion_tokens ?? 0,
});

/** `Retry-After` in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/** Prompt for answers grounded in the given passages: anything else is the caller's handoff, not the model's. */
export function groundedMessages(request: CompletionRequest): ChatMessage[] {
  if (!request.context || request.context.length === 0) return request.messages;
  const passages = request.context.map((p, i) => `[${i + 1}] ${p}`).join("\n\n");
  return [
    {
      role: "system",
      content: `Answer the customer's question using only these passages from the help center. Be brief.\n\n${passages}`,
    },
    ...request.messages,
  ];
}

/** Chat completions and embeddings over any OpenAI-compatible HTTP API, with timeouts and retries. */
export function createOpenAiCompatibleModel(options: OpenAiOptions): LanguageModel {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetryAfter = options.maxRetryAfterMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, "");

  async function post(path: string, body: unknown): Promise<Result<unknown, ProviderError>> {
    let last: ProviderError = { kind: "network", message: "not attempted" };
    for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
      const res = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      }).catch((cause: unknown) => cause);
      if (!(res instanceof Response)) {
        const timeout = res instanceof Error && (res.name === "TimeoutError" || res.name === "AbortError");
        last = {
          kind: timeout ? "timeout" : "network",
          message: res instanceof Error ? res.message : "request failed",
        };
      } else if (res.ok) {
        const json = await res.json().catch(() => undefined);
        return json === undefined ? err({ kind: "invalid_response", message: "response is not JSON" }) : ok(json);
      } else {
        const wait = retryAfterMs(res.headers.get("retry-after"), Date.now());
        const text = (await res.text().catch(() => "")).slice(0, 300);
        last = {
          kind: res.status === 429 ? "rate_limited" : "http",
          status: res.status,
          message: `HTTP ${res.status}${text ? `: ${text}` : ""}`,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        };
        const retryable = res.status === 429 || res.status >= 500 || res.status === 408;
        if (!retryable) return err(last);
        if (wait !== undefined && wait > maxRetryAfter) return err(last);
      }
      if (attempt < options.maxRetries) {
        const backoff = Math.min(4000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
        await sleep(Math.max(backoff, last.retryAfterMs ?? 0));
      }
    }
    return err(last);
  }

  return {
    id: "openai",
    paid: true,
    complete: async (request) => {
      const res = await post("/chat/completions", {
        model: options.model,
        messages: groundedMessages(request),
        max_tokens: request.maxTokens ?? 300,
        temperature: 0,
      });
      if (!res.ok) return res;
      const parsed = completionSchema.safeParse(res.value);
      if (!parsed.success) return err({ kind: "invalid_response", message: "unexpected chat completion shape" });
      const text = parsed.data.choices[0]?.message.content ?? "";
      return ok({ text: text.trim(), usage: toUsage(parsed.data.usage), model: parsed.data.model ?? options.model });
    },
    embed: async (texts) => {
      if (!options.embeddingModel) return err({ kind: "not_configured", message: "no embedding model configured" });
      const res = await post("/embeddings", { model: options.embeddingModel, input: texts });
      if (!res.ok) return res;
      const parsed = embeddingSchema.safeParse(res.value);
      if (!parsed.success) return err({ kind: "invalid_response", message: "unexpected embeddings shape" });
      const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      return ok({ vectors, usage: toUsage(parsed.data.usage), model: parsed.data.model ?? options.embeddingModel });
    },
  };
}
