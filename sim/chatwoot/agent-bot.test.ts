import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHATWOOT_DEMO } from "./constants.ts";
import { agentId, type Harness, obj, type Receiver, startReceiver, startSim } from "./test-support.ts";

let h: Harness;
let bot: Receiver;
let inbox: Receiver;
beforeEach(async () => {
  bot = await startReceiver();
  inbox = await startReceiver();
  h = await startSim({ agentBotUrl: bot.url, botInboxIds: [1], apiInboxWebhookUrl: inbox.url });
});
afterEach(async () => {
  await h.close();
  await bot.close();
  await inbox.close();
});

const start = async () =>
  Number(
    obj(
      (await h.api("POST", "/_sim/conversations", { body: { inboxId: 1, contact: { name: "A" }, text: "help" } })).json,
    ).conversationId,
  );

describe("agent bot and API inbox deliveries", () => {
  it("starts bot inbox conversations pending, unassigned, and tells the bot (signed with the bot secret)", async () => {
    const id = await start();
    const conv = obj((await h.api("GET", `${h.account}/conversations/${id}`)).json);
    expect(conv).toMatchObject({ status: "pending", meta: { assignee: null } });
    await h.sim.settle();
    // The bot gets no conversation_created; the first incoming message is its cue.
    expect(bot.events()).toEqual(["message_created"]);
    const r = bot.received[0];
    const ts = String(r?.headers["x-chatwoot-timestamp"]);
    const expected = createHmac("sha256", CHATWOOT_DEMO.agentBotSecret).update(`${ts}.${r?.raw}`).digest("hex");
    expect(r?.headers["x-chatwoot-signature"]).toBe(`sha256=${expected}`);
  });

  it("hands off with toggle_status open: success null, waiting_since set, auto-assigned, bot still informed", async () => {
    const id = await start();
    const res = await h.api("POST", `${h.account}/conversations/${id}/toggle_status`, {
      token: CHATWOOT_DEMO.agentBotToken,
      body: { status: "open" },
    });
    expect(res.json).toEqual({
      meta: {},
      payload: { success: null, conversation_id: id, current_status: "open", snoozed_until: null },
    });
    const conv = obj((await h.api("GET", `${h.account}/conversations/${id}`)).json);
    expect(obj(conv.meta).assignee).toMatchObject({ id: agentId(1) });
    await h.sim.settle();
    expect(bot.events()).toEqual(
      expect.arrayContaining(["conversation_status_changed", "conversation_updated", "conversation_opened"]),
    );
  });

  it("opens a pending conversation when the bot delivery fails", async () => {
    bot.status = 404;
    const id = await start();
    await h.sim.settle();
    const conv = obj((await h.api("GET", `${h.account}/conversations/${id}`)).json);
    expect(conv.status).toBe("open");
  });

  it("keeps it pending when keep_pending_on_bot_failure is set", async () => {
    await h.close();
    h = await startSim({ agentBotUrl: bot.url, botInboxIds: [1], keepPendingOnBotFailure: true });
    bot.status = 500;
    const id = await start();
    await h.sim.settle();
    expect(obj((await h.api("GET", `${h.account}/conversations/${id}`)).json).status).toBe("pending");
  });

  it("sends every inbox event to the API inbox webhook_url, signed with the channel secret", async () => {
    await start();
    await h.sim.settle();
    expect(inbox.events()).toEqual(expect.arrayContaining(["conversation_created", "message_created"]));
    for (const r of inbox.received) {
      const ts = String(r.headers["x-chatwoot-timestamp"]);
      const expected = createHmac("sha256", CHATWOOT_DEMO.apiInboxSecret).update(`${ts}.${r.raw}`).digest("hex");
      expect(r.headers["x-chatwoot-signature"]).toBe(`sha256=${expected}`);
    }
  });

  it("marks a message failed when the API inbox delivery fails", async () => {
    inbox.status = 502;
    const id = await start();
    await h.sim.settle();
    const list = obj((await h.api("GET", `${h.account}/conversations/${id}/messages`)).json);
    const first = (list.payload as Record<string, unknown>[]).find((m) => m.content === "help");
    expect(first).toMatchObject({
      status: "failed",
      content_attributes: { external_error: "Webhook delivery failed" },
    });
  });
});
