import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHATWOOT_DEMO } from "./constants.ts";
import { agentId, agentToken, arr, type Harness, obj, type Receiver, startReceiver, startSim } from "./test-support.ts";

let h: Harness;
let rx: Receiver;
beforeEach(async () => {
  rx = await startReceiver();
  h = await startSim({ webhooks: [{ url: rx.url, subscriptions: ["message_created", "conversation_updated"] }] });
});
afterEach(async () => {
  await h.close();
  await rx.close();
});

async function start(inboxId = 1): Promise<number> {
  const res = await h.api("POST", "/_sim/conversations", {
    body: { inboxId, contact: { name: "A" }, assigneeId: agentId(1), text: "hi" },
  });
  return Number(obj(res.json).conversationId);
}

describe("messages", () => {
  it("creates outgoing replies and private notes; both reach webhooks", async () => {
    const id = await start();
    const reply = await h.api("POST", `${h.account}/conversations/${id}/messages`, {
      token: agentToken(1),
      body: { content: "On it", echo_id: "e-1" },
    });
    expect(obj(reply.json)).toMatchObject({
      content: "On it",
      message_type: 1,
      status: "sent",
      private: false,
      echo_id: "e-1",
      conversation_id: id,
      sender: { id: agentId(1), type: "user" },
    });
    const note = await h.api("POST", `${h.account}/conversations/${id}/messages`, {
      token: agentToken(1),
      body: { content: "internal", private: true },
    });
    expect(obj(note.json).private).toBe(true);
    await h.sim.settle();
    // Deliveries are concurrent (Chatwoot guarantees no order either), so compare in message-id order.
    const messages = rx.received
      .filter((r) => r.json.event === "message_created")
      .map((r) => r.json)
      .sort((a, b) => Number(a.id) - Number(b.id));
    expect(messages.map((m) => [m.message_type, m.private, m.content])).toEqual([
      ["incoming", false, "hi"],
      ["outgoing", false, "On it"],
      ["outgoing", true, "internal"],
    ]);
    expect(obj(messages[1]?.sender)).toEqual({
      id: agentId(1),
      name: "Ada Lovelace",
      email: "ada@switchboard.demo",
      type: "user",
    });
    const firstReply = rx.received
      .filter((r) => r.json.event === "conversation_updated")
      .flatMap((r) => arr(r.json.changed_attributes))
      .find((c) => "first_reply_created_at" in obj(c));
    expect(firstReply).toBeDefined();
  });

  it("lists the last 20 messages, paginates with before/after and filters internal ones", async () => {
    const id = await start();
    for (let i = 1; i <= 24; i++) {
      await h.api("POST", `/_sim/conversations/${id}/messages`, {
        body: { text: `m${i}`, from: i % 2 ? "contact" : "agent", private: i === 24 },
      });
    }
    const res = obj((await h.api("GET", `${h.account}/conversations/${id}/messages`)).json);
    const page = arr(res.payload).map(obj);
    expect(page).toHaveLength(20);
    expect(page.at(-1)?.content).toBe("m24");
    expect(obj(res.meta)).toMatchObject({ labels: [], assignee: { id: agentId(1) }, contact: { name: "A" } });
    const firstId = Number(page[0]?.id);
    const older = arr(
      obj((await h.api("GET", `${h.account}/conversations/${id}/messages?before=${firstId}`)).json).payload,
    );
    expect(older.length).toBeGreaterThan(0);
    expect(older.every((m) => Number(obj(m).id) < firstId)).toBe(true);
    const newer = arr(
      obj((await h.api("GET", `${h.account}/conversations/${id}/messages?after=${firstId}`)).json).payload,
    );
    expect(newer.every((m) => Number(obj(m).id) > firstId)).toBe(true);
    const filtered = arr(
      obj((await h.api("GET", `${h.account}/conversations/${id}/messages?filter_internal_messages=true`)).json).payload,
    );
    expect(filtered.some((m) => obj(m).private === true)).toBe(false);
  });

  it("allows incoming messages only in API inboxes", async () => {
    const widget = await start(2);
    const res = await h.api("POST", `${h.account}/conversations/${widget}/messages`, {
      body: { content: "x", message_type: "incoming" },
    });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: "Incoming messages are only allowed in Api inboxes" });
    const api = await start(1);
    const ok = await h.api("POST", `${h.account}/conversations/${api}/messages`, {
      body: { content: "from LiveChat", message_type: "incoming", source_id: "lc-1" },
    });
    expect(obj(ok.json)).toMatchObject({ message_type: 0, source_id: "lc-1", sender: { type: "contact" } });
  });

  it("answers 422 Too many messages past the per-conversation limit", async () => {
    await h.close();
    h = await startSim({ rateLimits: { messagesPerConversationPerMinute: 3 } });
    const id = await start();
    await h.api("POST", `${h.account}/conversations/${id}/messages`, { body: { content: "2" } });
    await h.api("POST", `${h.account}/conversations/${id}/messages`, { body: { content: "3" } });
    const res = await h.api("POST", `${h.account}/conversations/${id}/messages`, { body: { content: "4" } });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: "Validation failed: Too many messages" });
    const other = await start();
    expect(
      (await h.api("POST", `${h.account}/conversations/${other}/messages`, { body: { content: "ok" } })).status,
    ).toBe(200);
  });

  it("reopens a resolved conversation when the contact writes", async () => {
    const id = await start();
    await h.api("POST", `/_sim/conversations/${id}/resolve`, { body: {} });
    await h.api("POST", `/_sim/conversations/${id}/messages`, { body: { text: "again", from: "contact" } });
    expect(obj((await h.api("GET", `${h.account}/conversations/${id}`)).json).status).toBe("open");
  });

  it("answers with the bot as sender for the bot token", async () => {
    const id = await start();
    const res = await h.api("POST", `${h.account}/conversations/${id}/messages`, {
      token: CHATWOOT_DEMO.agentBotToken,
      body: { content: "bot" },
    });
    expect(obj(res.json).sender).toEqual({ id: 1, name: "Switchboard Bot", avatar_url: "", type: "agent_bot" });
  });
});
