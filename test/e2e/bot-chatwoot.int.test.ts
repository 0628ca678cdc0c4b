import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../../sim/llm/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { utcDay } from "../../src/bot/usage.ts";
import { botUsage } from "../../src/db/schema/index.ts";
import { type CwMessage, eventually, fromBot, wireChatwootBot } from "../helpers/bot-chatwoot.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
let llm: Sim;
let llmUrl: string;
let cw: Awaited<ReturnType<typeof wireChatwootBot>>;

const DOC = `# Account

## Resetting your password

On the sign-in page, click Forgot password and enter your email. The reset link is valid for one hour.

## Refunds

Annual plans can be refunded in full within 30 days of payment. Write to billing@lanternly.example to request a refund.
`;

type Audit = {
  items: Array<{
    decision: string;
    reason: string;
    question: string | null;
    answer: string | null;
    conversationId: string | null;
    provider: string | null;
  }>;
};
const auditOf = async (conversationId: number) =>
  ((await hub.api("GET", "/api/bot/audit?limit=200")).body as Audit).items.filter(
    (a) => a.conversationId === String(conversationId),
  );
const botMessages = async (id: number) => (await cw.messages(id)).filter(fromBot);
const faults = (http: unknown[]) =>
  fetch(`${llmUrl}/_sim/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ http }),
  });

const useProvider = async (provider: "openai" | "extractive") => {
  const current = (await hub.api("GET", "/api/bot/inboxes/cw-web")).body as { settings: object };
  await hub.api("PUT", "/api/bot/inboxes/cw-web", { ...current.settings, provider });
};

beforeAll(async () => {
  llm = await createLlmSim();
  llmUrl = await llm.listen(0);
  hub = await startTestHub({
    worker: true,
    sandboxes: true,
    env: {
      BOT_LLM_BASE_URL: `${llmUrl}/v1`,
      BOT_LLM_API_KEY: LLM_SANDBOX_DEFAULTS.apiKey,
      BOT_LLM_TIMEOUT_MS: "1500",
      BOT_LLM_MAX_RETRIES: "1",
    },
  });
  await hub.api("POST", "/api/bot/documents", { title: "Help center", content: DOC, contentType: "markdown" });
  cw = await wireChatwootBot(hub, "cw-web");
}, 120_000);
afterAll(async () => {
  // The model sandbox first: a request it is still delaying then fails at once instead of holding a job.
  await llm?.close();
  await hub?.stop();
}, 120_000);

describe("agent bot on Chatwoot (through the sandbox)", () => {
  it("answers a question it knows, as the bot, marked, citing chunks; its own echo is ignored", async () => {
    const id = await cw.start("How do I reset my password?");
    const [answer] = await eventually(
      () => botMessages(id),
      (m) => m.length >= 1,
      "the bot's answer",
    );
    expect(answer?.content).toContain("Forgot password");
    expect(answer?.private).toBe(false);
    expect(answer?.content_attributes.switchboard_bot).toMatch(/^bau_/);
    expect((await cw.conversation(id)).status).toBe("pending");
    const audit = await auditOf(id);
    expect(audit.find((a) => a.decision === "answer")).toMatchObject({
      provider: "extractive",
      question: "How do I reset my password?",
    });

    // The sandbox delivers the bot's own message back to the bot webhook; the hub stores it and stays quiet.
    const echo = await eventually(
      () =>
        hub.deps.database.pool.query(
          "select body from bot_inbound where body->>'event' = 'message_created' and body->'content_attributes'->>'switchboard_bot' is not null",
        ),
      (r) => r.rowCount !== null && r.rowCount > 0,
      "the echo to arrive",
    );
    expect(echo.rowCount).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await botMessages(id)).toHaveLength(1);
  });

  it("hands off what it cannot answer: visible message, conversation opened and assigned, silent afterwards", async () => {
    const id = await cw.start("Do you integrate with Salesforce?");
    const conv = await eventually(
      () => cw.conversation(id),
      (c) => c.status === "open",
      "the handoff to open the conversation",
    );
    expect((conv.meta as { assignee: unknown }).assignee).not.toBeNull();
    const messages = await botMessages(id);
    expect(messages.map((m) => m.content)).toEqual(["Let me get a teammate for you. Someone will reply here shortly."]);
    expect((await auditOf(id)).find((a) => a.decision === "handoff")?.reason).toMatch(/confidence|nothing/);

    await cw.customerWrites(id, "How do I reset my password?");
    await eventually(
      () => auditOf(id),
      (a) => a.some((e) => e.decision === "ignored" && e.reason === "a human owns the conversation"),
      "the second message to be ignored",
    );
    expect(await botMessages(id)).toHaveLength(1);
  });

  it("hands off at once when the customer asks for a person", async () => {
    const id = await cw.start("Can I talk to a human please?");
    await eventually(
      () => cw.conversation(id),
      (c) => c.status === "open",
      "the handoff",
    );
    expect((await auditOf(id)).find((a) => a.decision === "handoff")?.reason).toBe("the customer asked for a person");
  });

  it("drops an answer written while a human took over: nothing is sent", async () => {
    await useProvider("openai");
    await faults([{ path: "/chat/completions", delayMs: 1200, count: 1 }]);
    const id = await cw.start("How long is the reset link valid?");
    // The agent writes while the model is still thinking.
    await eventually(
      () => fetch(`${llmUrl}/_sim/requests?path=/chat/completions`).then((r) => r.json() as Promise<unknown[]>),
      (r) => r.length >= 1,
      "the model call to start",
    );
    await cw.agentWrites(id, "Hi, Ada here, I'll take this one.", 1);
    const audit = await eventually(
      () => auditOf(id),
      (a) => a.some((e) => e.decision === "dropped"),
      "the dropped answer",
    );
    expect(audit.find((a) => a.decision === "ownership")?.reason).toMatch(/bot → human/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await botMessages(id)).toEqual([]);
  });

  it("falls back to the extractive answer on a provider 429 and on a timeout, audited", async () => {
    await useProvider("openai");
    await fetch(`${llmUrl}/_sim/reset`, { method: "POST" });
    await faults([{ path: "/chat/completions", status: 429, retryAfter: 60 }]);
    const limited = await cw.start("How do I request a refund?");
    const [answer] = await eventually(
      () => botMessages(limited),
      (m) => m.length >= 1,
      "the fallback answer",
    );
    expect(answer?.content).toContain("refund");
    const audit = await auditOf(limited);
    expect(audit.find((a) => a.decision === "fallback")?.reason).toMatch(/openai not used: rate_limited/);
    expect(audit.find((a) => a.decision === "answer")?.provider).toBe("extractive");

    await faults([{ path: "/chat/completions", delayMs: 2500, count: 2 }]);
    const slow = await cw.start("How do I reset my password?");
    await eventually(
      () => botMessages(slow),
      (m) => m.length >= 1,
      "the fallback answer after a timeout",
    );
    expect((await auditOf(slow)).find((a) => a.decision === "fallback")?.reason).toMatch(/timeout/);
  });

  it("answers with the paid provider, books tokens and cost, and stops paying when the day's budget is spent", async () => {
    await useProvider("openai");
    await fetch(`${llmUrl}/_sim/reset`, { method: "POST" });
    const paid = await cw.start("How do I reset my password?");
    const [answer] = await eventually(
      () => botMessages(paid),
      (m: CwMessage[]) => m.length >= 1,
      "the model's answer",
    );
    expect((await auditOf(paid)).filter((a) => a.decision !== "answer")).toEqual([]);
    expect(answer?.content).toBe("On the sign-in page, click Forgot password and enter your email.");
    const usage = (await hub.api("GET", "/api/bot/usage")).body as {
      days: Array<{ provider: string; tokensIn: number; costUsd: number }>;
      spentTodayUsd: number;
    };
    expect(usage.days.find((d) => d.provider === "openai")?.tokensIn).toBeGreaterThan(0);
    expect(usage.spentTodayUsd).toBeGreaterThan(0);

    // The rest of today's budget is spent (as by a busy morning).
    await hub.deps.database.db.insert(botUsage).values({
      workspaceId: hub.workspaceId,
      day: utcDay(Date.now()),
      provider: "openai-earlier",
      requests: 1,
      costMicros: 5_000_000,
    });
    const question = "Can an annual plan be refunded?";
    const spent = await cw.start(question);
    await eventually(
      () => botMessages(spent),
      (m) => m.length >= 1,
      "the extractive answer",
    );
    expect((await auditOf(spent)).find((a) => a.decision === "fallback")?.reason).toMatch(/budget is spent/);
    // The model was never asked (requests are recorded on arrival, so a late one from an earlier test cannot blur it).
    const asked = (await (await fetch(`${llmUrl}/_sim/requests?path=/chat/completions`)).json()) as Array<{
      body: unknown;
    }>;
    expect(asked.filter((r) => JSON.stringify(r.body).includes(question))).toEqual([]);
  });
});
