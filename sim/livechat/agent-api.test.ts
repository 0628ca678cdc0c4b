import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.ts";
import { startSim } from "./test-support.ts";

const ADA = "ada@switchboard.demo";
const GRACE = "grace@switchboard.demo";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
beforeEach(async () => {
  h = await startSim();
});
afterEach(async () => {
  await h.sim.close();
});

type Started = { chatId: string; threadId: string; customerId: string };
async function startChat(agentId = GRACE, customer: Record<string, unknown> = { name: "Jane", email: "jane@x.io" }) {
  const res = await h.control("POST", "/_sim/chats", { agentId, customer, message: "Hi, I need help" });
  expect(res.status).toBe(200);
  return res.body as Started;
}

describe("routing status", () => {
  it("sets the requester's own status by default and another agent's with agent_id", async () => {
    expect((await h.call("agent", "set_routing_status", { status: "not_accepting_chats" })).body).toEqual({});
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: GRACE });
    const list = (await h.call("agent", "list_routing_statuses")).body as { agent_id: string; status: string }[];
    expect(list).toHaveLength(8);
    expect(list.find((s) => s.agent_id === ADA)?.status).toBe("not_accepting_chats");
    expect(list.find((s) => s.agent_id === GRACE)?.status).toBe("not_accepting_chats");
    expect(list.find((s) => s.agent_id === "alan@switchboard.demo")?.status).toBe("accepting_chats");
  });

  it("filters by group and rejects unknown agents and the bot-only offline status", async () => {
    const sales = await h.call("agent", "list_routing_statuses", { filters: { group_ids: [2] } });
    expect(sales.body).toHaveLength(4);
    const unknown = await h.call("agent", "set_routing_status", { status: "accepting_chats", agent_id: "no@x.io" });
    expect(unknown.body).toMatchObject({ error: { type: "not_found" } });
    const offline = await h.call("agent", "set_routing_status", { status: "offline" });
    expect(offline.body).toMatchObject({ error: { type: "validation" } });
    const spaced = await h.call("agent", "set_routing_status", { status: "accepting chats" });
    expect(spaced.status).toBe(400);
  });
});

describe("events and chat users", () => {
  it("refuses send_event from a requester who is not a chat user, and accepts it after add_user_to_chat", async () => {
    const { chatId, threadId } = await startChat();
    const message = { chat_id: chatId, event: { type: "message", text: "Hello from the hub", visibility: "all" } };
    const refused = await h.call("agent", "send_event", message);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { type: "missing_access" } });
    const added = await h.call("agent", "add_user_to_chat", {
      chat_id: chatId,
      user_id: ADA,
      user_type: "agent",
      visibility: "all",
    });
    expect(added.body).toEqual({});
    const sent = await h.call("agent", "send_event", message);
    expect(sent.body).toEqual({ event_id: `${threadId}_2` });
    const chat = (await h.call("agent", "get_chat", { chat_id: chatId })).body as {
      thread: { events: { author_id: string; text: string }[]; user_ids: string[] };
    };
    expect(chat.thread.events.map((e) => [e.author_id, e.text]).at(-1)).toEqual([ADA, "Hello from the hub"]);
    expect(chat.thread.user_ids).toContain(ADA);
  });

  it("sends system messages and internal notes, validates events", async () => {
    const { chatId } = await startChat();
    await h.call("agent", "add_user_to_chat", { chat_id: chatId, user_id: ADA, user_type: "agent", visibility: "all" });
    const system = await h.call("agent", "send_event", {
      chat_id: chatId,
      event: { type: "system_message", system_message_type: "switchboard.call_started", text: "Call started" },
    });
    expect(system.status).toBe(200);
    const noType = await h.call("agent", "send_event", {
      chat_id: chatId,
      event: { type: "system_message", text: "x" },
    });
    expect(noType.body).toEqual({ error: { type: "validation", message: "`event.system_message_type` is required" } });
    const tooLong = await h.call("agent", "send_event", {
      chat_id: chatId,
      event: { type: "message", text: "x".repeat(16 * 1024 + 1) },
    });
    expect(tooLong.body).toMatchObject({ error: { type: "validation" } });
    const unknownChat = await h.call("agent", "send_event", {
      chat_id: "NOPE000000",
      event: { type: "message", text: "x" },
    });
    expect(unknownChat.body).toMatchObject({ error: { type: "not_found" } });
  });

  it("needs attach_to_last_thread to write into a closed chat", async () => {
    const { chatId, threadId } = await startChat();
    await h.call("agent", "add_user_to_chat", { chat_id: chatId, user_id: ADA, user_type: "agent", visibility: "all" });
    expect((await h.call("agent", "deactivate_chat", { id: chatId })).body).toEqual({});
    const message = { chat_id: chatId, event: { type: "message", text: "Call summary" } };
    const inactive = await h.call("agent", "send_event", message);
    expect(inactive.body).toMatchObject({ error: { type: "chat_inactive" } });
    const attached = await h.call("agent", "send_event", { ...message, attach_to_last_thread: true });
    expect(attached.body).toEqual({ event_id: `${threadId}_2` });
    expect((await h.call("agent", "deactivate_chat", { id: chatId })).body).toMatchObject({
      error: { type: "chat_inactive" },
    });
  });

  it("requires requester presence to deactivate or remove users unless told to ignore it", async () => {
    const { chatId } = await startChat();
    const refused = await h.call("agent", "deactivate_chat", { id: chatId });
    expect(refused.body).toMatchObject({ error: { type: "missing_access" } });
    const removed = await h.call("agent", "remove_user_from_chat", {
      chat_id: chatId,
      user_id: GRACE,
      user_type: "agent",
      ignore_requester_presence: true,
    });
    expect(removed.body).toEqual({});
    const { body } = await h.control("GET", "/_sim/agents");
    expect((body as { id: string; activeChatIds: string[] }[]).find((a) => a.id === GRACE)?.activeChatIds).toEqual([]);
    expect((await h.call("agent", "deactivate_chat", { id: chatId, ignore_requester_presence: true })).status).toBe(
      200,
    );
  });

  it("updates chat properties", async () => {
    const { chatId } = await startChat();
    const props = { switchboard: { call_id: "c-1" } };
    expect((await h.call("agent", "update_chat_properties", { id: chatId, properties: props })).body).toEqual({});
    const chat = (await h.call("agent", "get_chat", { chat_id: chatId })).body as {
      properties: Record<string, unknown>;
    };
    expect(chat.properties.switchboard).toEqual({ call_id: "c-1" });
  });
});

describe("chats", () => {
  it("returns get_chat in the documented shape", async () => {
    const { chatId, threadId, customerId } = await startChat();
    expect(chatId).toMatch(/^[A-Z0-9]{10}$/);
    expect(customerId).toMatch(UUID);
    const chat = (await h.call("agent", "get_chat", { chat_id: chatId, thread_id: threadId })).body as Record<
      string,
      unknown
    >;
    expect(Object.keys(chat).sort()).toEqual(["access", "id", "is_followed", "properties", "thread", "users"]);
    expect(chat.thread).toMatchObject({ id: threadId, active: true, user_ids: [customerId, GRACE] });
    expect(chat.users).toEqual([
      expect.objectContaining({ id: customerId, type: "customer", name: "Jane", email: "jane@x.io" }),
      expect.objectContaining({ id: GRACE, type: "agent", email: GRACE, visibility: "all" }),
    ]);
    const missing = await h.call("agent", "get_chat", { chat_id: chatId, thread_id: "NOPE000000" });
    expect(missing.body).toMatchObject({ error: { type: "not_found" } });
  });

  it("lists chats with v3.6 `active` / v3.5 `include_active` filters and page ids", async () => {
    const first = await startChat(GRACE, { name: "A" });
    await startChat("alan@switchboard.demo", { name: "B" });
    await startChat("katherine@switchboard.demo", { name: "C" });
    await h.control("POST", `/_sim/chats/${first.chatId}/close`);
    const active = (await h.call("agent", "list_chats", { filters: { active: true } })).body as Record<string, unknown>;
    expect(active.found_chats).toBe(2);
    const renamed = await h.call("agent", "list_chats", { filters: { include_active: false } });
    expect(renamed.body).toMatchObject({ error: { type: "validation" } });
    const legacy = await h.call("agent", "list_chats", { filters: { include_active: false } }, { version: "v3.5" });
    expect((legacy.body as { found_chats: number }).found_chats).toBe(1);
    const page1 = (await h.call("agent", "list_chats", { limit: 2 })).body as {
      chats_summary: { id: string; last_thread_summary: unknown }[];
      next_page_id: string;
    };
    expect(page1.chats_summary).toHaveLength(2);
    expect(page1.chats_summary[0]?.last_thread_summary).toBeDefined();
    const page2 = (await h.call("agent", "list_chats", { page_id: page1.next_page_id })).body as {
      chats_summary: { id: string }[];
      next_page_id?: string;
      previous_page_id?: string;
    };
    expect(page2.chats_summary).toHaveLength(1);
    expect(page2.next_page_id).toBeUndefined();
    expect(page2.previous_page_id).toBeDefined();
    const ids = new Set([...page1.chats_summary, ...page2.chats_summary].map((c) => c.id));
    expect(ids.size).toBe(3);
    const mixed = await h.call("agent", "list_chats", { page_id: page1.next_page_id, limit: 5 });
    expect(mixed.body).toMatchObject({ error: { type: "validation" } });
    expect((await h.call("agent", "list_chats", { limit: 101 })).status).toBe(400);
  });
});

describe("customers", () => {
  it("renders v3.6 (visit, phone_number) and v3.5 (last_visit) customers", async () => {
    const { customerId, chatId } = await startChat(GRACE, { name: "P", email: "p@x.io", phone: "+14155550199" });
    const v36 = (await h.call("agent", "get_customer", { id: customerId })).body as Record<string, unknown>;
    expect(v36).toMatchObject({ id: customerId, type: "customer", phone_number: "+14155550199", chat_ids: [chatId] });
    expect(v36.visit).toBeDefined();
    expect(v36.last_visit).toBeUndefined();
    const v35 = (await h.call("agent", "get_customer", { id: customerId }, { version: "v3.5" })).body as Record<
      string,
      unknown
    >;
    expect(v35.last_visit).toBeDefined();
    expect(v35.visit).toBeUndefined();
    expect(v35.phone_number).toBeUndefined();
    const unknown = await h.call("agent", "get_customer", { id: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.body).toMatchObject({ error: { type: "not_found" } });
  });

  it("updates customers, with phone_number only in v3.6 and at least one field", async () => {
    const { customerId } = await startChat();
    const ok = await h.call("agent", "update_customer", {
      id: customerId,
      phone_number: "+14155550123",
      session_fields: [{ crm_id: "42" }],
    });
    expect(ok.body).toEqual({});
    const customer = (await h.call("agent", "get_customer", { id: customerId })).body as Record<string, unknown>;
    expect(customer).toMatchObject({ phone_number: "+14155550123", session_fields: [{ crm_id: "42" }] });
    const legacy = await h.call(
      "agent",
      "update_customer",
      { id: customerId, phone_number: "+1415" },
      { version: "v3.5" },
    );
    expect(legacy.body).toMatchObject({ error: { type: "validation" } });
    const empty = await h.call("agent", "update_customer", { id: customerId });
    expect(empty.body).toMatchObject({ error: { type: "validation" } });
    const badPhone = await h.call("agent", "update_customer", { id: customerId, phone_number: "555-0199" });
    expect(badPhone.body).toMatchObject({ error: { type: "validation" } });
  });

  it("has list_customers and create_customer in v3.5 only", async () => {
    const created = await h.call("agent", "create_customer", { name: "New", email: "new@x.io" }, { version: "v3.5" });
    const id = (created.body as { customer_id: string }).customer_id;
    expect(id).toMatch(UUID);
    const found = await h.call(
      "agent",
      "list_customers",
      { filters: { email: { values: ["new@x.io", "jane.cooper@example.com"] } } },
      { version: "v3.5" },
    );
    expect(found.body).toMatchObject({ total_customers: 2 });
    expect((await h.call("agent", "list_customers", {})).body).toMatchObject({ error: { type: "not_found" } });
    expect((await h.call("agent", "create_customer", { name: "x" })).status).toBe(404);
  });
});
