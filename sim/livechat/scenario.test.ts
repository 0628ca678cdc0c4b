import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness, Receiver } from "./test-support.ts";
import { startReceiver, startSim, subscribe } from "./test-support.ts";

const GRACE = "grace@switchboard.demo";
const ALAN = "alan@switchboard.demo";

type SimAgent = { id: string; name: string; routingStatus: string; activeChatIds: string[] };

let h: Harness;
beforeEach(async () => {
  h = await startSim();
});
afterEach(async () => {
  await h.sim.close();
});

const agents = async () => (await h.control("GET", "/_sim/agents")).body as SimAgent[];
const agent = async (id: string) => (await agents()).find((a) => a.id === id);

describe("/_sim/agents", () => {
  it("lists the 8 demo agents, all accepting chats and idle", async () => {
    const list = await agents();
    expect(list).toHaveLength(8);
    expect(list.every((a) => a.routingStatus === "accepting_chats" && a.activeChatIds.length === 0)).toBe(true);
    expect(list[0]).toMatchObject({ id: "ada@switchboard.demo", name: "Ada Lovelace" });
  });

  it("changes a status by hand and emits routing_status_set", async () => {
    const rx = await startReceiver();
    try {
      await subscribe(h, rx.url, "routing_status_set");
      const res = await h.control("POST", `/_sim/agents/${GRACE}/routing-status`, { status: "offline" });
      expect(res.body).toEqual({ agentId: GRACE, status: "offline" });
      await rx.waitFor(1);
      expect(rx.received[0]?.body.payload).toEqual({ agent_id: GRACE, status: "offline" });
      expect((await agent(GRACE))?.routingStatus).toBe("offline");
      const bad = await h.control("POST", `/_sim/agents/${GRACE}/routing-status`, { status: "sleepy" });
      expect(bad.status).toBe(400);
      expect((await h.control("POST", "/_sim/agents/nobody/routing-status", { status: "offline" })).status).toBe(404);
    } finally {
      await rx.close();
    }
  });
});

describe("/_sim/chats", () => {
  it("assigns a chat to the requested agent and tracks it as active until closed", async () => {
    const res = await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: { email: "a@b.co" } });
    const { chatId } = res.body as { chatId: string };
    expect((await agent(GRACE))?.activeChatIds).toEqual([chatId]);
    expect((await h.control("POST", `/_sim/chats/${chatId}/close`)).status).toBe(200);
    expect((await agent(GRACE))?.activeChatIds).toEqual([]);
    const again = await h.control("POST", `/_sim/chats/${chatId}/close`);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ error: { type: "chat_inactive" } });
  });

  it("refuses an agent who is not accepting chats unless forced", async () => {
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: GRACE });
    const refused = await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: {} });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { type: "agent_unavailable" } });
    const forced = await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: {}, force: true });
    expect(forced.status).toBe(200);
  });

  it("routes to an accepting agent when no agent is named, and reports when nobody is available", async () => {
    for (const a of await agents()) {
      if (a.id !== ALAN) await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: a.id });
    }
    const routed = await h.control("POST", "/_sim/chats", { customer: { name: "R" } });
    expect(routed.body).toMatchObject({ agentId: ALAN });
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: ALAN });
    const none = await h.control("POST", "/_sim/chats", { customer: { name: "S" } });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ error: { type: "no_agent_available" } });
  });

  it("gives a returning customer a new thread in the same chat", async () => {
    const first = (await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: { name: "Back" } })).body as {
      chatId: string;
      threadId: string;
      customerId: string;
    };
    const busy = await h.control("POST", "/_sim/chats", { agentId: ALAN, customer: { id: first.customerId } });
    expect(busy.status).toBe(409);
    await h.control("POST", `/_sim/chats/${first.chatId}/close`);
    const second = (await h.control("POST", "/_sim/chats", { agentId: ALAN, customer: { id: first.customerId } }))
      .body as { chatId: string; threadId: string };
    expect(second.chatId).toBe(first.chatId);
    expect(second.threadId).not.toBe(first.threadId);
    const chat = (await h.call("agent", "get_chat", { chat_id: first.chatId })).body as {
      thread: { id: string; previous_thread_id: string; user_ids: string[] };
      users: { id: string; present: boolean }[];
    };
    expect(chat.thread).toMatchObject({ id: second.threadId, previous_thread_id: first.threadId });
    expect(chat.thread.user_ids).toEqual([first.customerId, ALAN]);
    expect(chat.users.find((u) => u.id === GRACE)?.present).toBe(false);
    expect((await agent(ALAN))?.activeChatIds).toEqual([first.chatId]);
  });

  it("posts messages from chat users only", async () => {
    const { chatId, threadId } = (await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: {} })).body as {
      chatId: string;
      threadId: string;
    };
    const fromCustomer = await h.control("POST", `/_sim/chats/${chatId}/messages`, {
      authorId: "customer",
      text: "hi",
    });
    expect(fromCustomer.body).toEqual({ eventId: `${threadId}_1`, threadId });
    const stranger = await h.control("POST", `/_sim/chats/${chatId}/messages`, { authorId: ALAN, text: "hi" });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ error: { type: "validation" } });
    expect((await h.control("POST", "/_sim/chats/NOPE/messages", { authorId: GRACE, text: "x" })).status).toBe(404);
  });

  it("validates scenario input with 400 and unknown agents or customers with 404", async () => {
    expect((await h.control("POST", "/_sim/chats", { agentId: "x@y.z" })).status).toBe(404);
    expect((await h.control("POST", "/_sim/chats", { customer: { id: "missing" } })).status).toBe(404);
    expect((await h.control("POST", "/_sim/chats", { customer: { email: "not-an-email" } })).status).toBe(400);
  });

  it("shows chats and webhook registrations for debugging", async () => {
    const rx: Receiver = await startReceiver();
    try {
      await subscribe(h, rx.url, "incoming_chat");
      await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: {}, message: "m" });
      const chats = (await h.control("GET", "/_sim/chats")).body as { active: boolean; events: number }[];
      expect(chats).toEqual([expect.objectContaining({ active: true, events: 1 })]);
      const hooks = (await h.control("GET", "/_sim/webhooks")).body as Record<string, unknown>[];
      expect(hooks[0]).toMatchObject({
        action: "incoming_chat",
        secretKey: "secret-incoming_chat",
        licenseWebhooksEnabled: true,
      });
      await rx.waitFor(1);
    } finally {
      await rx.close();
    }
  });
});
