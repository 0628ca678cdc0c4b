import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../../sim/llm/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { eventually } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
let llm: Sim;
let llmUrl: string;

const DOCS = [
  {
    title: "Account",
    content: `# Account\n\n## Resetting your password\n\nOn the sign-in page, click Forgot password and enter your email. The reset link is valid for one hour.\n\n## Two-factor authentication\n\nTurn on two-factor authentication under Security. You need an authenticator app.`,
  },
  {
    title: "Billing",
    content: `# Billing\n\n## Refunds\n\nAnnual plans can be refunded in full within 30 days of payment.\n\n## Invoices\n\nInvoices are emailed on the first day of each month and listed under Billing.`,
  },
];

type Ask = {
  action: string;
  retrieval: string;
  retrievalFallback: string | null;
  chunks: Array<{ text: string; score: number }>;
};
const ask = async (question: string) => (await hub.api("POST", "/api/bot/ask", { question })).body as Ask;

beforeAll(async () => {
  llm = await createLlmSim();
  llmUrl = await llm.listen(0);
  hub = await startTestHub({
    worker: true,
    env: {
      BOT_LLM_BASE_URL: `${llmUrl}/v1`,
      BOT_LLM_API_KEY: LLM_SANDBOX_DEFAULTS.apiKey,
      BOT_LLM_EMBEDDING_MODEL: "sandbox-embed-1",
      BOT_LLM_TIMEOUT_MS: "2000",
      BOT_LLM_MAX_RETRIES: "0",
    },
  });
  for (const d of DOCS) await hub.api("POST", "/api/bot/documents", { ...d, contentType: "markdown" });
}, 120_000);
afterAll(async () => {
  await llm?.close();
  await hub?.stop();
}, 120_000);

describe("hybrid retrieval: BM25 fused with embeddings from the model sandbox", () => {
  it("embeds every chunk in the background and stores the vectors in PostgreSQL", async () => {
    const counts = await eventually(async () => {
      const r = await hub.deps.database.pool.query(
        "select (select count(*)::int from bot_chunks) as chunks, (select count(*)::int from bot_chunk_embeddings where model = 'sandbox-embed-1') as embedded",
      );
      const row = r.rows[0] as { chunks: number; embedded: number };
      return row.chunks > 0 && row.embedded === row.chunks ? row : undefined;
    }, 30_000);
    expect(counts.embedded).toBeGreaterThanOrEqual(4);
    const requests = (await (await fetch(`${llmUrl}/_sim/requests?path=/embeddings`)).json()) as unknown[];
    expect(requests.length).toBeGreaterThan(0);
  });

  it("fuses BM25 and vector ranks and says so", async () => {
    const res = await ask("How do I reset my password?");
    expect(res.retrieval).toBe("hybrid");
    expect(res.retrievalFallback).toBeNull();
    expect(res.action).toBe("answer");
    expect(res.chunks[0]?.text).toContain("Forgot password");
    // RRF scores: at most 2/(60+1) for a chunk ranked first by both.
    expect(res.chunks[0]?.score).toBeLessThanOrEqual(2 / 61 + 1e-6);
  });

  it("falls back to BM25 alone when the embeddings provider fails, audited", async () => {
    await fetch(`${llmUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/embeddings", status: 500, count: 3 }] }),
    });
    const res = await ask("When are invoices sent?");
    expect(res.retrieval).toBe("bm25");
    expect(res.retrievalFallback).toMatch(/embeddings failed/);
    expect(res.chunks[0]?.text).toContain("Invoices are emailed");
    const audit = (await hub.api("GET", "/api/bot/audit?limit=50")).body as {
      items: Array<{ decision: string; reason: string }>;
    };
    expect(audit.items.some((a) => a.decision === "fallback" && /retrieval fell back to BM25/.test(a.reason))).toBe(
      true,
    );
    await fetch(`${llmUrl}/_sim/reset`, { method: "POST" });
    expect((await ask("When are invoices sent?")).retrieval).toBe("hybrid");
  });
});
