import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/bot-chatwoot.ts";
import { type LcEvent, wireLivechatBot } from "../helpers/bot-livechat.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";

let hub: TestHub;
let lc: Awaited<ReturnType<typeof wireLivechatBot>>;

const DOC = `# Account

## Resetting your password

On the sign-in page, click Forgot password and enter your email. The reset link is valid for one hour.
`;

type Audit = { items: Array<{ decision: string; reason: string; conversationId: string | null }> };
const auditOf = async (chatId: string) =>
  ((await hub.api("GET", "/api/bot/audit?limit=200")).body as Audit).items.filter((a) => a.conversationId === chatId);
const botEvents = async (chatId: string) =>
  (await lc.chat(chatId)).events.filter((e: LcEvent) => e.author_id === lc.botId);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true });
  await hub.api("POST", "/api/bot/documents", { title: "Help center", content: DOC, contentType: "markdown" });
  lc = await wireLivechatBot(hub, "lc-web");
}, 120_000);
afterAll(async () => {
  await hub?.stop();
}, 120_000);

describe("agent bot on LiveChat (bot agent, through the sandbox)", () => {
  it("answers with send_event as the bot, marked; its own echo is ignored", async () => {
    const chatId = await lc.start("How do I reset my password?");
    const [answer] = await eventually(
      () => botEvents(chatId),
      (e) => e.length >= 1,
      "the bot's answer",
    );
    expect(answer?.text).toContain("Forgot password");
    expect(answer?.custom_id).toMatch(/^switchboard_bot:bau_/);
    // The bot webhook delivers the bot's own event back; the hub stores it and stays quiet.
    await eventually(
      () =>
        hub.deps.database.pool.query(
          "select 1 from bot_inbound where body->>'action' = 'incoming_event' and body->'payload'->'event'->>'author_id' = $1",
          [lc.botId],
        ),
      (r) => (r.rowCount ?? 0) > 0,
      "the echo to arrive",
    );
    await sleep(1000);
    expect(await botEvents(chatId)).toHaveLength(1);
    expect((await auditOf(chatId)).filter((a) => a.decision === "answer")).toHaveLength(1);
    expect((await lc.chat(chatId)).present).toContain(lc.botId);
  });

  it("hands off what it cannot answer: visible message, transferred to the group, silent afterwards", async () => {
    const chatId = await lc.start("Do you integrate with Salesforce?");
    const chat = await eventually(
      () => lc.chat(chatId),
      (c) => !c.present.includes(lc.botId),
      "the transfer",
    );
    expect(chat.groupIds).toEqual([2]);
    const person = chat.present.find((id) => id.includes("@"));
    expect(person).toBeDefined();
    expect((await botEvents(chatId)).map((e) => e.text)).toEqual([
      "Let me get a teammate for you. Someone will reply here shortly.",
    ]);
    expect((await auditOf(chatId)).find((a) => a.decision === "handoff")?.reason).toMatch(/confidence|nothing/);

    await lc.customerWrites(chatId, "How do I reset my password?");
    await eventually(
      () => auditOf(chatId),
      (a) => a.some((e) => e.decision === "ignored" && e.reason === "a human owns the conversation"),
      "the second message to be ignored",
    );
    expect(await botEvents(chatId)).toHaveLength(1);
  });

  it("never answers another agent's events; a person writing takes the chat over", async () => {
    const chatId = await lc.start("How do I reset my password?");
    await eventually(
      () => botEvents(chatId),
      (e) => e.length >= 1,
      "the first answer",
    );
    const lcUrl = hub.sandboxes?.livechat.url ?? "";
    const agents = (await (await fetch(`${lcUrl}/_sim/agents`)).json()) as Array<{ id: string }>;
    const ada = agents.find((a) => a.id.includes("@"))?.id ?? "";
    // A person joins and writes; then the customer asks again: the bot stays quiet.
    await fetch(`${lcUrl}/v3.6/agent/action/add_user_to_chat`, {
      method: "POST",
      headers: {
        authorization: ((await (await fetch(`${lcUrl}/_sim/credentials`)).json()) as { basicAuthorization: string })
          .basicAuthorization,
        "content-type": "application/json",
      },
      body: JSON.stringify({ chat_id: chatId, user_id: ada, user_type: "agent", visibility: "all" }),
    });
    await lc.agentWrites(chatId, "Hi, a person here. Reset links last one hour.", ada);
    await eventually(
      () => auditOf(chatId),
      (a) => a.some((e) => e.decision === "ownership" && /bot → human/.test(e.reason)),
      "the takeover",
    );
    await lc.customerWrites(chatId, "How do I reset my password?");
    await eventually(
      () => auditOf(chatId),
      (a) => a.some((e) => e.decision === "ignored" && e.reason === "a human owns the conversation"),
      "the customer's message to be ignored",
    );
    expect(await botEvents(chatId)).toHaveLength(1);
  });

  it("answers the first question a chat starts with (incoming_chat)", async () => {
    const chatId = await lc.startWithMessage("How do I reset my password?");
    const [answer] = await eventually(
      () => botEvents(chatId),
      (e) => e.length >= 1,
      "the answer to the pre-chat question",
    );
    expect(answer?.text).toContain("Forgot password");
  });

  it("refuses a LiveChat handoff target that is not a group id, and the widget channel, with a reason", async () => {
    const bad = await hub.api("POST", "/api/bot/inboxes", {
      id: "lc-bad",
      channel: "livechat",
      handoffTeamId: "sales",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/group id/);
    const widget = await hub.api("POST", "/api/bot/inboxes", { id: "w-1", channel: "widget", enabled: true });
    expect(widget.status).toBe(400);
    // The handoff commands went through the durable command path and are done.
    const commands = await hub.deps.database.pool.query(
      "select status from commands where payload->>'kind' = 'bot.handoff' and platform = 'livechat'",
    );
    expect(commands.rows.length).toBeGreaterThan(0);
    expect(commands.rows.every((r: { status: string }) => r.status === "succeeded")).toBe(true);
  });

  it("refuses a bot webhook with the wrong secret_key", async () => {
    const res = await fetch(lc.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        webhook_id: "x",
        secret_key: "wrong",
        action: "incoming_event",
        organization_id: "o",
        payload: {},
        additional_data: {},
      }),
    });
    expect(res.status).toBe(401);
  });
});
