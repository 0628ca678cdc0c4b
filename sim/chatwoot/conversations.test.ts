import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { agentId, agentToken, arr, type Harness, obj, startSim } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.api("POST", "/_sim/reset");
});

async function start(body: Record<string, unknown>): Promise<number> {
  const res = await h.api("POST", "/_sim/conversations", {
    body: { inboxId: 1, contact: { name: "A" }, text: "hi", ...body },
  });
  expect(res.status).toBe(200);
  return Number(obj(res.json).conversationId);
}

const show = async (id: number) => obj((await h.api("GET", `${h.account}/conversations/${id}`)).json);

describe("conversations", () => {
  it("lists with the data.meta / data.payload wrapper, filtered by status and assignee type", async () => {
    const mine = await start({ assigneeId: agentId(1) });
    await start({ assigneeId: agentId(2) });
    const resolved = await start({ assigneeId: agentId(1) });
    await h.api("POST", `/_sim/conversations/${resolved}/resolve`, { body: {} });

    const res = await h.api("GET", `${h.account}/conversations?assignee_type=me`, { token: agentToken(1) });
    const data = obj(obj(res.json).data);
    expect(data.meta).toEqual({ mine_count: 1, assigned_count: 2, unassigned_count: 0, all_count: 2 });
    expect(arr(data.payload).map((c) => obj(c).id)).toEqual([mine]);

    const all = obj(obj((await h.api("GET", `${h.account}/conversations?status=all`)).json).data);
    expect(arr(all.payload)).toHaveLength(3);
    const onlyResolved = obj(obj((await h.api("GET", `${h.account}/conversations?status=resolved`)).json).data);
    expect(arr(onlyResolved.payload).map((c) => obj(c).id)).toEqual([resolved]);
  });

  it("shows a conversation with integer times, meta and the last message", async () => {
    const id = await start({ assigneeId: agentId(3), contact: { email: "jane.cooper@example.com" } });
    const conv = await show(id);
    expect(conv).toMatchObject({ id, inbox_id: 1, status: "open", account_id: 1, labels: [], unread_count: 1 });
    expect(obj(conv.meta)).toMatchObject({ channel: "Channel::Api", assignee_type: "User" });
    expect(obj(obj(conv.meta).assignee)).toMatchObject({ id: agentId(3), availability_status: "online" });
    expect(obj(obj(conv.meta).sender)).toMatchObject({ id: 1, email: "jane.cooper@example.com" });
    expect(typeof conv.created_at).toBe("number");
    expect(obj(arr(conv.messages)[0])).toMatchObject({ content: "hi", message_type: 0 });
  });

  it("auto-assigns round-robin among online inbox members only", async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      await h.api("PATCH", `${h.account}/agents/${agentId(n)}`, { body: { availability: "busy" } });
    }
    const first = await start({});
    expect((await show(first)).meta).toMatchObject({ assignee: { id: agentId(8) } });
    await h.api("PATCH", `${h.account}/agents/${agentId(8)}`, { body: { availability: "offline" } });
    const second = await start({});
    expect(obj((await show(second)).meta).assignee).toBeNull();
  });

  it("toggles status: resolve, toggle back to open, snooze with snoozed_until", async () => {
    const id = await start({ assigneeId: agentId(1) });
    const resolved = await h.api("POST", `${h.account}/conversations/${id}/toggle_status`, {
      body: { status: "resolved" },
    });
    expect(resolved.json).toEqual({
      meta: {},
      payload: { success: true, conversation_id: id, current_status: "resolved", snoozed_until: null },
    });
    const toggled = await h.api("POST", `${h.account}/conversations/${id}/toggle_status`, { body: {} });
    expect(obj(obj(toggled.json).payload).current_status).toBe("open");
    const until = 1_900_000_000;
    const snoozed = await h.api("POST", `${h.account}/conversations/${id}/toggle_status`, {
      body: { status: "snoozed", snoozed_until: until },
    });
    expect(obj(obj(snoozed.json).payload).snoozed_until).toBe(new Date(until * 1000).toISOString());
    // A contact writing reopens a snoozed conversation.
    await h.api("POST", `/_sim/conversations/${id}/messages`, { body: { text: "back", from: "contact" } });
    expect((await show(id)).status).toBe("open");
  });

  it("assigns, unassigns with an unknown id, and renders the agent", async () => {
    const id = await start({ assigneeId: agentId(1) });
    const res = await h.api("POST", `${h.account}/conversations/${id}/assignments`, {
      body: { assignee_id: agentId(4) },
    });
    expect(obj(res.json)).toMatchObject({ id: agentId(4), email: "katherine@switchboard.demo" });
    expect(obj((await show(id)).meta).assignee).toMatchObject({ id: agentId(4) });
    const none = await h.api("POST", `${h.account}/conversations/${id}/assignments`, { body: { assignee_id: 777 } });
    expect(none.status).toBe(200);
    expect(none.text).toBe("null");
    expect(obj((await show(id)).meta).assignee).toBeNull();
  });

  it("replaces labels", async () => {
    const id = await start({});
    await h.api("POST", `${h.account}/conversations/${id}/labels`, { body: { labels: ["billing", "vip"] } });
    const res = await h.api("POST", `${h.account}/conversations/${id}/labels`, { body: { labels: ["support"] } });
    expect(res.json).toEqual({ payload: ["support"] });
    expect((await h.api("GET", `${h.account}/conversations/${id}/labels`)).json).toEqual({ payload: ["support"] });
    expect((await h.api("POST", `${h.account}/conversations/${id}/labels`, { body: {} })).status).toBe(422);
  });

  it("creates a conversation through the API from inbox_id + contact_id with an initial message", async () => {
    const res = await h.api("POST", `${h.account}/conversations`, {
      body: { inbox_id: 1, contact_id: 2, assignee_id: agentId(2), message: { content: "We called you" } },
    });
    expect(res.status).toBe(200);
    const conv = obj(res.json);
    expect(conv).toMatchObject({ inbox_id: 1, status: "open" });
    expect(obj(arr(conv.messages)[0])).toMatchObject({
      content: "We called you",
      message_type: 1,
      sender_type: "User",
    });
    expect((await h.api("POST", `${h.account}/conversations`, { body: { inbox_id: 99, contact_id: 2 } })).status).toBe(
      404,
    );
  });
});
