import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sim } from "../shared/types.ts";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "./app.ts";

let sim: Sim;
let url: string;
const auth = { authorization: `Bearer ${LLM_SANDBOX_DEFAULTS.apiKey}`, "content-type": "application/json" };
const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

beforeEach(async () => {
  sim = await createLlmSim();
  url = await sim.listen(0);
});
afterEach(() => sim.close());

describe("LLM sandbox (OpenAI-compatible)", () => {
  it("answers chat completions deterministically from the request, with usage, and counts it", async () => {
    const body = {
      model: "sandbox-chat-1",
      messages: [
        { role: "system", content: "Passages:\n[1] Refunds are issued within 14 days. Invoices arrive monthly." },
        { role: "user", content: "When are refunds issued?" },
      ],
    };
    const first = (await (await post("/v1/chat/completions", body)).json()) as Record<string, unknown>;
    const second = (await (await post("/v1/chat/completions", body)).json()) as Record<string, unknown>;
    expect(first).toMatchObject({
      object: "chat.completion",
      choices: [
        { message: { role: "assistant", content: "Refunds are issued within 14 days." }, finish_reason: "stop" },
      ],
    });
    expect((second.choices as unknown[])[0]).toEqual((first.choices as unknown[])[0]);
    const usage = first.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    expect(usage.prompt_tokens).toBeGreaterThan(10);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    const totals = (await (await fetch(`${url}/_sim/usage`)).json()) as { requests: number; promptTokens: number };
    expect(totals).toMatchObject({ requests: 2, promptTokens: usage.prompt_tokens * 2 });
  });

  it("returns stable unit-length embeddings in input order", async () => {
    const res = (await (
      await post("/v1/embeddings", { model: "e", input: ["refund policy", "password reset"] })
    ).json()) as {
      data: Array<{ index: number; embedding: number[] }>;
    };
    expect(res.data.map((d) => d.index)).toEqual([0, 1]);
    const [a, b] = res.data.map((d) => d.embedding);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1);
    expect(a).not.toEqual(b);
  });

  it("refuses a wrong key and bad bodies with OpenAI's error envelope", async () => {
    const bad = await post(
      "/v1/chat/completions",
      { model: "m", messages: [] },
      { ...auth, authorization: "Bearer nope" },
    );
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    const invalid = await post("/v1/chat/completions", { model: "m", messages: [] });
    expect(invalid.status).toBe(400);
  });

  it("injects 429 with Retry-After, then recovers", async () => {
    await post(
      "/_sim/faults",
      { http: [{ path: "/v1/chat/completions", status: 429, retryAfter: 2 }] },
      { "content-type": "application/json" },
    );
    const limited = await post("/v1/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
    const ok = await post("/v1/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }] });
    expect(ok.status).toBe(200);
    expect(
      ((await ok.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content,
    ).toBe("I don't know.");
  });
});
