import Fastify from "fastify";
import { z } from "zod";
import { installControl } from "../shared/control.ts";
import type { Sim } from "../shared/types.ts";
import { closeNow, listenOn } from "../shared/types.ts";
import { WebhookEmitter } from "../shared/webhooks.ts";
import { chatReply, countTokens, embed } from "./reply.ts";

export type LlmSimOptions = { apiKey?: string; model?: string; logger?: boolean };

export const LLM_SANDBOX_DEFAULTS = { apiKey: "sk-sandbox-0123456789", model: "sandbox-chat-1" };

/** OpenAI's error envelope. */
const openAiError = (status: number, message?: string) => ({
  error: {
    message:
      message ??
      (status === 429
        ? "Rate limit reached for requests"
        : status === 401
          ? "Incorrect API key provided"
          : "The server had an error"),
    type:
      status === 429
        ? "requests"
        : status === 401
          ? "invalid_request_error"
          : status < 500
            ? "invalid_request_error"
            : "server_error",
    param: null,
    code: status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : null,
  },
});

const content = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]);
const chatBody = z.object({
  model: z.string().min(1),
  messages: z
    .array(z.object({ role: z.string(), content: content.nullable() }))
    .min(1)
    .max(500),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
});
const embeddingBody = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).max(2048)]),
});

type Usage = { requests: number; promptTokens: number; completionTokens: number };

/**
 * An OpenAI-compatible language-model sandbox: `/v1/chat/completions`, `/v1/embeddings`, `/v1/models`, with
 * deterministic replies and real usage counts, plus the sandboxes' control routes (`/_sim/reset`, `/_sim/requests`,
 * `/_sim/faults`: 429 with Retry-After, 5xx, delays, dropped connections) and `/_sim/usage`.
 */
export async function createLlmSim(options: LlmSimOptions = {}): Promise<Sim> {
  const apiKey = options.apiKey ?? LLM_SANDBOX_DEFAULTS.apiKey;
  const model = options.model ?? LLM_SANDBOX_DEFAULTS.model;
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 4 * 1024 * 1024 });
  const webhooks = new WebhookEmitter();
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  let sequence = 0;
  installControl(app, {
    errorBody: (status) => openAiError(status),
    webhooks,
    onReset: () => {
      usage.requests = 0;
      usage.promptTokens = 0;
      usage.completionTokens = 0;
    },
  });
  app.addHook("preHandler", async (req, reply) => {
    if (!req.url.startsWith("/v1/")) return;
    if (req.headers.authorization !== `Bearer ${apiKey}`) return reply.code(401).send(openAiError(401));
  });
  const text = (c: z.infer<typeof content> | null) =>
    c === null ? "" : typeof c === "string" ? c : c.map((p) => p.text ?? "").join("");

  app.post("/v1/chat/completions", async (req, reply) => {
    const parsed = chatBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(openAiError(400, parsed.error.issues[0]?.message));
    const messages = parsed.data.messages.map((m) => ({ role: m.role, content: text(m.content) }));
    const answer = chatReply(messages);
    const prompt = messages.reduce((n, m) => n + countTokens(m.content) + 4, 0);
    const completion = countTokens(answer);
    usage.requests += 1;
    usage.promptTokens += prompt;
    usage.completionTokens += completion;
    sequence += 1;
    return {
      id: `chatcmpl-sim-${sequence}`,
      object: "chat.completion",
      created: 1_767_225_600 + sequence,
      model: parsed.data.model || model,
      choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  });

  app.post("/v1/embeddings", async (req, reply) => {
    const parsed = embeddingBody.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(openAiError(400, parsed.error.issues[0]?.message));
    const inputs = typeof parsed.data.input === "string" ? [parsed.data.input] : parsed.data.input;
    const prompt = inputs.reduce((n, t) => n + countTokens(t), 0);
    usage.requests += 1;
    usage.promptTokens += prompt;
    return {
      object: "list",
      model: parsed.data.model,
      data: inputs.map((t, index) => ({ object: "embedding", index, embedding: embed(t) })),
      usage: { prompt_tokens: prompt, total_tokens: prompt },
    };
  });

  app.get("/v1/models", async () => ({ object: "list", data: [{ id: model, object: "model", owned_by: "sandbox" }] }));
  app.get("/_sim/usage", async () => usage);
  const credentials = { apiKey, model, baseUrlPath: "/v1" };
  app.get("/_sim/credentials", async () => credentials);

  return {
    name: "llm",
    app,
    webhooks,
    credentials,
    listen: (port, host) => listenOn(app, port, host),
    close: () => closeNow(app),
  };
}
