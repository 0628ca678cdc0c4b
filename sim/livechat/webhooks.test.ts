import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIVECHAT_CREDENTIALS } from "./constants.ts";
import type { Harness, Receiver } from "./test-support.ts";
import { BEARER, startReceiver, startSim, subscribe } from "./test-support.ts";

const GRACE = "grace@switchboard.demo";
const ADA = "ada@switchboard.demo";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
let rx: Receiver;
beforeEach(async () => {
  h = await startSim();
  rx = await startReceiver();
});
afterEach(async () => {
  await h.sim.close();
  await rx.close();
});

type Envelope = { webhook_id: string; secret_key: string; action: string; payload: Record<string, unknown> };
const payloads = () => rx.received.map((r) => r.body as Envelope);
const startChat = async (body: Record<string, unknown> = {}) => {
  const res = await h.control("POST", "/_sim/chats", { agentId: GRACE, customer: { name: "Jane" }, ...body });
  return res.body as { chatId: string; threadId: string; customerId: string };
};

describe("incoming_chat", () => {
  it("delivers a started chat to the registered URL with the registered secret_key", async () => {
    const webhookId = await subscribe(h, rx.url, "incoming_chat");
    const { chatId, threadId, customerId } = await startChat({
      customer: { name: "Jane Cooper", email: "jane@x.io", phone: "+14155550101" },
      message: "Hello?",
    });
    const [delivery] = await rx.waitFor(1);
    expect(delivery?.headers["content-type"]).toBe("application/json");
    const body = delivery?.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "webhook_id",
      "secret_key",
      "action",
      "organization_id",
      "payload",
      "additional_data",
    ]);
    expect(body).toMatchObject({
      webhook_id: webhookId,
      secret_key: "secret-incoming_chat",
      action: "incoming_chat",
      organization_id: DEFAULT_LIVECHAT_CREDENTIALS.organizationId,
      additional_data: {},
    });
    expect(chatId).toMatch(/^[A-Z0-9]{10}$/);
    expect(threadId).toMatch(/^[A-Z0-9]{10}$/);
    expect(customerId).toMatch(UUID);
    const chat = (body.payload as { chat: Record<string, unknown> }).chat;
    expect(chat).toMatchObject({
      id: chatId,
      users: [
        { id: customerId, type: "customer", name: "Jane Cooper", email: "jane@x.io", phone_number: "+14155550101" },
        { id: GRACE, type: "agent", name: "Grace Hopper", present: true },
      ],
      thread: {
        id: threadId,
        active: true,
        user_ids: [customerId, GRACE],
        events: [{ id: `${threadId}_1`, type: "message", author_id: customerId, text: "Hello?", visibility: "all" }],
      },
    });
  });

  it("sends nothing while license webhooks are disabled for the Client ID", async () => {
    await subscribe(h, rx.url, "incoming_chat");
    await h.call("configuration", "disable_license_webhooks", {
      owner_client_id: DEFAULT_LIVECHAT_CREDENTIALS.clientId,
    });
    await startChat();
    await h.sim.webhooks.idle();
    expect(rx.received).toHaveLength(0);
    await h.call("configuration", "enable_license_webhooks", {
      owner_client_id: DEFAULT_LIVECHAT_CREDENTIALS.clientId,
    });
    await h.control("POST", "/_sim/chats", { agentId: ADA, customer: {} });
    expect(await rx.waitFor(1)).toHaveLength(1);
  });

  it("uses v3.5 customer fields for webhooks registered through v3.5, and announces incoming_customer there", async () => {
    await subscribe(h, rx.url, "incoming_customer", {}, "v3.5");
    await subscribe(h, rx.url, "incoming_chat", {}, "v3.5");
    await startChat({ customer: { name: "Old", phone: "+14155550101" } });
    await rx.waitFor(2);
    const byAction = Object.fromEntries(payloads().map((p) => [p.action, p.payload]));
    expect(byAction.incoming_customer).toMatchObject({ customer: { last_visit: expect.any(Object) } });
    const chat = byAction.incoming_chat as { chat: { users: Record<string, unknown>[] } };
    const user = chat.chat.users[0];
    expect(user?.last_visit).toBeDefined();
    expect(user?.visit).toBeUndefined();
    expect(user?.phone_number).toBeUndefined();
  });

  it("adds additional_data only when asked and never fires bot webhooks or not-yet-propagated ones", async () => {
    await subscribe(h, rx.url, "incoming_chat", { additional_data: ["chat_properties", "chat_presence_user_ids"] });
    await subscribe(h, `${rx.url}?bot`, "incoming_chat", { type: "bot" });
    const { customerId } = await startChat();
    await rx.waitFor(1);
    expect(rx.received[0]?.body.additional_data).toEqual({
      chat_properties: { source: { client_id: expect.any(String) } },
      chat_presence_user_ids: [customerId, GRACE],
    });
    await h.sim.webhooks.idle();
    expect(rx.received).toHaveLength(1);

    const lagged = await startSim({ configPropagationMs: 3_600_000 });
    try {
      await subscribe(lagged, rx.url, "incoming_chat");
      await lagged.control("POST", "/_sim/chats", { agentId: GRACE, customer: {} });
      await lagged.sim.webhooks.idle();
      expect(rx.received).toHaveLength(1);
    } finally {
      await lagged.sim.close();
    }
  });
});

describe("routing_status_set", () => {
  it("spells the status like the webhook docs by default, with underscores on request", async () => {
    await subscribe(h, rx.url, "routing_status_set");
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: GRACE });
    await rx.waitFor(1);
    expect(payloads()[0]?.payload).toEqual({ agent_id: GRACE, status: "not accepting chats" });

    const underscored = await startSim({ routingStatusWebhookFormat: "underscore" });
    try {
      await subscribe(underscored, rx.url, "routing_status_set");
      await underscored.call("agent", "set_routing_status", { status: "accepting_chats" });
      await rx.waitFor(2);
      expect(payloads()[1]?.payload).toEqual({ agent_id: ADA, status: "accepting_chats" });
    } finally {
      await underscored.sim.close();
    }
  });

  it("attributes sources for source_type: OAuth = my_client, PAT and people = other_clients", async () => {
    await subscribe(h, rx.url, "routing_status_set", { filters: { source_type: ["other_clients", "system"] } });
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats" }, { authorization: BEARER });
    await h.sim.webhooks.idle();
    expect(rx.received).toHaveLength(0);
    await h.call("agent", "set_routing_status", { status: "accepting_chats" });
    await h.control("POST", `/_sim/agents/${encodeURIComponent(GRACE)}/routing-status`, {
      status: "not_accepting_chats",
    });
    await rx.waitFor(2);
    // Deliveries run concurrently, so arrival order is not asserted.
    expect(
      payloads()
        .map((p) => String(p.payload.agent_id))
        .sort(),
    ).toEqual([ADA, GRACE]);
  });

  it("filters by agent_ids", async () => {
    await subscribe(h, rx.url, "routing_status_set", { filters: { agent_ids: { values: [GRACE] } } });
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats" });
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: GRACE });
    await rx.waitFor(1);
    await h.sim.webhooks.idle();
    expect(payloads().map((p) => p.payload.agent_id)).toEqual([GRACE]);
  });
});

describe("chat activity", () => {
  it("announces messages as incoming_event and honours author_type", async () => {
    await subscribe(h, rx.url, "incoming_event", { filters: { author_type: "customer" } });
    const { chatId, threadId, customerId } = await startChat();
    await h.control("POST", `/_sim/chats/${chatId}/messages`, { authorId: GRACE, text: "Agent here" });
    await h.control("POST", `/_sim/chats/${chatId}/messages`, { authorId: "customer", text: "My order is late" });
    await rx.waitFor(1);
    await h.sim.webhooks.idle();
    expect(payloads()).toHaveLength(1);
    expect(payloads()[0]?.payload).toEqual({
      chat_id: chatId,
      thread_id: threadId,
      event: {
        id: `${threadId}_2`,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        visibility: "all",
        type: "message",
        author_id: customerId,
        text: "My order is late",
      },
    });
  });

  it("announces user_added_to_chat, chat_properties_updated and session fields of active chats", async () => {
    await subscribe(h, rx.url, "user_added_to_chat");
    await subscribe(h, rx.url, "chat_properties_updated");
    await subscribe(h, rx.url, "customer_session_fields_updated");
    const { chatId, threadId, customerId } = await startChat();
    await h.call("agent", "add_user_to_chat", {
      chat_id: chatId,
      user_id: ADA,
      user_type: "agent",
      visibility: "agents",
    });
    await h.call("agent", "update_chat_properties", { id: chatId, properties: { sb: { on_call: true } } });
    await h.call("agent", "update_customer", { id: customerId, session_fields: [{ plan: "gold" }] });
    await rx.waitFor(3);
    const byAction = Object.fromEntries(payloads().map((p) => [p.action, p.payload]));
    expect(byAction.user_added_to_chat).toMatchObject({
      chat_id: chatId,
      thread_id: threadId,
      user: { id: ADA, type: "agent", visibility: "agents" },
      user_type: "agent",
      reason: "manual",
      requester_id: ADA,
    });
    expect(byAction.chat_properties_updated).toEqual({ chat_id: chatId, properties: { sb: { on_call: true } } });
    expect(byAction.customer_session_fields_updated).toEqual({
      id: customerId,
      active_chat: { chat_id: chatId, thread_id: threadId },
      session_fields: [{ plan: "gold" }],
    });
  });

  it("announces chat_deactivated with the closing user, or without one when the router closed it", async () => {
    await subscribe(h, rx.url, "chat_deactivated");
    const first = await startChat();
    await h.control("POST", `/_sim/chats/${first.chatId}/close`);
    const second = await h.control("POST", "/_sim/chats", { agentId: ADA, customer: {} });
    const { chatId } = second.body as { chatId: string };
    await h.control("POST", `/_sim/chats/${chatId}/close`, { byRouter: true });
    await rx.waitFor(2);
    const byChat = Object.fromEntries(payloads().map((p) => [String(p.payload.chat_id), p.payload]));
    expect(byChat[first.chatId]).toEqual({ chat_id: first.chatId, thread_id: first.threadId, user_id: GRACE });
    expect(byChat[chatId]).toEqual({ chat_id: chatId, thread_id: expect.any(String) });
  });
});

describe("delivery", () => {
  it("retries a failing endpoint up to 3 times, then gives up", async () => {
    await subscribe(h, rx.url, "incoming_chat");
    rx.respondWith(500);
    await startChat();
    await h.sim.webhooks.idle();
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.raw)).size).toBe(1);
    const { body } = await h.control("GET", "/_sim/deliveries");
    expect((body as { attempt: number; status: number }[]).map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
    ]);
  });

  it("drops webhooks on request", async () => {
    await subscribe(h, rx.url, "incoming_chat");
    await h.control("POST", "/_sim/faults", { webhooks: [{ kind: "drop", count: 1, match: "incoming_chat" }] });
    await startChat();
    await h.sim.webhooks.idle();
    expect(rx.received).toHaveLength(0);
  });
});
