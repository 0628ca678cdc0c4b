import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../../sim/llm/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { extractAnswer } from "./extractive.ts";
import { createOpenAiCompatibleModel, retryAfterMs } from "./openai-compatible.ts";

let sim: Sim;
let url: string;
const sleeps: number[] = [];
const model = (overrides: Partial<Parameters<typeof createOpenAiCompatibleModel>[0]> = {}) =>
  createOpenAiCompatibleModel({
    baseUrl: `${url}/v1`,
    apiKey: LLM_SANDBOX_DEFAULTS.apiKey,
    model: "sandbox-chat-1",
    embeddingModel: "sandbox-embed",
    timeoutMs: 2000,
    maxRetries: 2,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
const faults = (http: unknown[]) =>
  fetch(`${url}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ http }),
  });
const request = {
  messages: [{ role: "user" as const, content: "When are refunds issued?" }],
  context: ["Refunds are issued within 14 days."],
};

beforeAll(async () => {
  sim = await createLlmSim();
  url = await sim.listen(0);
});
afterAll(() => sim.close());
beforeEach(async () => {
  sleeps.length = 0;
  await fetch(`${url}/_sim/reset`, { method: "POST" });
});

describe("OpenAI-compatible provider against the LLM sandbox", () => {
  it("grounds the completion in the passages and reads usage from the response", async () => {
    const res = await model().complete(request);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.text).toBe("Refunds are issued within 14 days.");
    expect(res.value.usage.inputTokens).toBeGreaterThan(0);
    expect(res.value.usage.outputTokens).toBe(Math.ceil(res.value.text.length / 4));
    const seen = (await (await fetch(`${url}/_sim/requests?path=/v1/chat/completions`)).json()) as Array<{
      body: { messages: Array<{ role: string; content: string }> };
    }>;
    expect(seen[0]?.body.messages[0]).toMatchObject({ role: "system" });
    expect(seen[0]?.body.messages[0]?.content).toContain("[1] Refunds are issued within 14 days.");
  });

  it("honours 429 Retry-After and succeeds on the retry", async () => {
    await faults([{ path: "/chat/completions", status: 429, retryAfter: 3 }]);
    const res = await model().complete(request);
    expect(res.ok).toBe(true);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(3000);
  });

  it("gives up at once when Retry-After is longer than it may wait, and after the retries on 5xx", async () => {
    await faults([{ path: "/chat/completions", status: 429, retryAfter: 120 }]);
    const limited = await model().complete(request);
    expect(limited).toMatchObject({ ok: false, error: { kind: "rate_limited", status: 429, retryAfterMs: 120_000 } });
    expect(sleeps).toEqual([]);
    await faults([{ path: "/chat/completions", status: 503, count: 3 }]);
    const down = await model().complete(request);
    expect(down).toMatchObject({ ok: false, error: { kind: "http", status: 503 } });
    expect(sleeps).toHaveLength(2);
  });

  it("times out a slow reply", async () => {
    await faults([{ path: "/chat/completions", delayMs: 1500, count: 1 }]);
    const res = await model({ timeoutMs: 300, maxRetries: 0 }).complete(request);
    expect(res).toMatchObject({ ok: false, error: { kind: "timeout" } });
  });

  it("does not retry a refused request (401)", async () => {
    const res = await model({ apiKey: "wrong" }).complete(request);
    expect(res).toMatchObject({ ok: false, error: { kind: "http", status: 401 } });
    expect(sleeps).toEqual([]);
  });

  it("embeds texts in order", async () => {
    const res = await model().embed?.(["a refund", "a password"]);
    expect(res?.ok && res.value.vectors.length).toBe(2);
  });

  it.each([
    ["3", 3000],
    ["0", 0],
    ["soon", undefined],
    [null, undefined],
  ])("Retry-After %s → %s ms", (header, ms) => {
    expect(retryAfterMs(header, 0)).toBe(ms);
  });
});

describe("extractive provider", () => {
  it("answers with the passage sentences that match the question, trimmed", () => {
    const passage =
      "Lanternly has three plans. Refunds are issued within 14 days of a purchase. Write to billing@x.test with your order number. Invoices arrive monthly as PDF files and are kept for seven years in the archive.";
    const answer = extractAnswer("How fast are refunds issued?", [passage]);
    expect(answer).toContain("Refunds are issued within 14 days of a purchase.");
    expect(answer.length).toBeLessThanOrEqual(420);
  });

  it("returns nothing without passages", () => {
    expect(extractAnswer("anything", [])).toBe("");
  });
});
