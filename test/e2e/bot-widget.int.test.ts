import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../../sim/llm/app.ts";
import type { Sim } from "../../sim/shared/types.ts";
import { conversation, createAgent, createGroup, eventually, type Json, widget } from "../helpers/chat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
let llm: Sim;
let llmUrl: string;
let ada: string;

const DOC = `# Account

## Resetting your password

On the sign-in page, click Forgot password and enter your email. The reset link is valid for one hour.

## Refunds

Annual plans can be refunded in full within 30 days of payment. Write to billing@lanternly.example to request a refund.
`;
const HANDOFF = "Let me get a teammate for you. Someone will reply here shortly.";

type Session = { sessionToken: string; conversationId: string; status: string };
type Audit = {
  items: Array<{ decision: string; reason: string; conversationId: string | null; answer: string | null }>;
};

const startChat = async (message: string): Promise<Session> => {
  const res = await widget(hub, "POST", "/api/widget/sessions", undefined, { visitor: { name: "Vera" }, message });
  expect(res.status).toBe(201);
  return res.body as unknown as Session;
};
const visitorWrites = async (s: Session, text: string) => {
  const res = await widget(hub, "POST", "/api/widget/messages", s.sessionToken, { text });
  expect(res.status).toBe(201);
};
/** What the visitor sees, through the widget API. */
const visitorEvents = async (s: Session) =>
  (await widget(hub, "GET", "/api/widget/conversation", s.sessionToken)).body.events as Json[];
const botEvents = async (s: Session) => (await visitorEvents(s)).filter((e) => e.authorType === "bot");
const auditOf = async (s: Session) =>
  ((await hub.api("GET", "/api/bot/audit?limit=200")).body as Audit).items.filter(
    (a) => a.conversationId === s.conversationId,
  );
const settle = () => new Promise((r) => setTimeout(r, 800));

beforeAll(async () => {
  llm = await createLlmSim();
  llmUrl = await llm.listen(0);
  hub = await startTestHub({
    worker: true,
    env: {
      BOT_LLM_BASE_URL: `${llmUrl}/v1`,
      BOT_LLM_API_KEY: LLM_SANDBOX_DEFAULTS.apiKey,
      BOT_LLM_TIMEOUT_MS: "5000",
      BOT_LLM_MAX_RETRIES: "0",
    },
  });
  ada = await createAgent(hub, "Ada", { maxChats: 5 });
  const groupId = await createGroup(hub, { name: "Support", routingStrategy: "round_robin", isDefault: true }, [ada]);
  await hub.api("POST", "/api/bot/documents", { title: "Help center", content: DOC, contentType: "markdown" });
  const saved = await hub.api("POST", "/api/bot/inboxes", {
    id: "web-widget",
    enabled: true,
    channel: "widget",
    externalInboxId: groupId,
    handoffTeamId: groupId,
    threshold: 0.5,
  });
  expect(saved.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await llm?.close();
  await hub?.stop();
}, 120_000);

describe("agent bot on the built-in widget (through the widget API)", () => {
  it("holds a new chat for the bot and answers as author bot, marked; nothing is routed; its echo starts nothing", async () => {
    const s = await startChat("How do I reset my password?");
    expect(s.status).toBe("bot");
    const [answer] = await eventually(async () => {
      const b = await botEvents(s);
      return b.length >= 1 ? b : undefined;
    });
    expect(String(answer?.text)).toContain("Forgot password");
    expect((answer?.metadata as Json | undefined)?.switchboard_bot).toMatch(/^bau_/);
    await settle();
    expect(await botEvents(s)).toHaveLength(1);
    const conv = await conversation(hub, s.conversationId);
    expect(conv).toMatchObject({ status: "bot", agentId: null });
    const audit = await auditOf(s);
    expect(audit.filter((a) => a.decision === "answer")).toHaveLength(1);
    const commands = (
      await hub.deps.database.pool.query(
        "select status, platform from commands where payload->>'conversationId' = $1",
        [s.conversationId],
      )
    ).rows;
    expect(commands).toEqual([{ status: "succeeded", platform: "widget" }]);
  });

  it("hands off what it cannot answer: visible message, requeued and assigned to a person, silent afterwards", async () => {
    const s = await startChat("Do you integrate with Salesforce?");
    const assigned = await eventually(async () => {
      const c = await conversation(hub, s.conversationId);
      return c.status === "assigned" ? c : undefined;
    });
    expect(assigned.agentId).toBe(ada);
    expect((await botEvents(s)).map((e) => e.text)).toEqual([HANDOFF]);
    expect((await auditOf(s)).find((a) => a.decision === "handoff")).toBeTruthy();

    await visitorWrites(s, "How do I reset my password?");
    await eventually(async () =>
      (await auditOf(s)).some((a) => a.decision === "ignored" && a.reason === "a human owns the conversation")
        ? true
        : undefined,
    );
    await settle();
    expect(await botEvents(s)).toHaveLength(1);
  });

  it("a human agent writing mid-answer takes over: the answer is dropped, nothing is sent, the bot stays silent", async () => {
    const inbox = (await hub.api("GET", "/api/bot/inboxes/web-widget")).body as { settings: Json };
    await hub.api("PUT", "/api/bot/inboxes/web-widget", { ...inbox.settings, provider: "openai" });
    await fetch(`${llmUrl}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: [{ path: "/chat/completions", delayMs: 1500, count: 1 }] }),
    });
    const s = await startChat("How long is the reset link valid?");
    await eventually(async () => {
      const r = (await (await fetch(`${llmUrl}/_sim/requests?path=/chat/completions`)).json()) as unknown[];
      return r.length >= 1 ? true : undefined;
    });
    const conv = await conversation(hub, s.conversationId);
    const posted = await hub.api("POST", `/api/chat/threads/${String(conv.activeThreadId)}/events`, {
      type: "message",
      text: "Hi, Ada here, I'll take this one.",
      authorId: ada,
    });
    expect(posted.status).toBe(201);
    const audit = await eventually(async () => {
      const a = await auditOf(s);
      return a.some((e) => e.decision === "dropped") ? a : undefined;
    });
    expect(audit.find((a) => a.decision === "ownership")?.reason).toMatch(/bot → human/);
    await visitorWrites(s, "Thanks! And how do refunds work?");
    await eventually(async () =>
      (await auditOf(s)).some((a) => a.decision === "ignored" && a.reason === "a human owns the conversation")
        ? true
        : undefined,
    );
    await settle();
    expect(await botEvents(s)).toEqual([]);
    expect((await visitorEvents(s)).some((e) => e.text === "Hi, Ada here, I'll take this one.")).toBe(true);

    // Only an explicit action gives the chat back; then the bot answers the visitor's next message.
    await hub.api("PUT", "/api/bot/inboxes/web-widget", { ...inbox.settings, provider: "extractive" });
    const [row] = (
      await hub.deps.database.pool.query("select id from bot_conversations where external_id = $1", [s.conversationId])
    ).rows as Array<{ id: string }>;
    const back = await hub.api("POST", `/api/bot/conversations/${String(row?.id)}/return-to-bot`);
    expect(back.status).toBe(200);
    await visitorWrites(s, "How do I request a refund?");
    const [answer] = await eventually(async () => {
      const b = await botEvents(s);
      return b.length >= 1 ? b : undefined;
    });
    expect(String(answer?.text)).toContain("refund");
  });
});
