import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness, Received, Receiver } from "./test-support.ts";
import { agentId, arr, obj, startReceiver, startSim } from "./test-support.ts";

/** An HMAC check written from the doc alone (not the sandbox's signer). */
function verifies(r: Received, secret: string): boolean {
  const ts = r.headers["x-chatwoot-timestamp"];
  const sig = r.headers["x-chatwoot-signature"];
  if (typeof ts !== "string" || typeof sig !== "string") return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${ts}.${r.raw}`).digest("hex")}`);
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

let h: Harness;
let rx: Receiver;
beforeEach(async () => {
  h = await startSim();
  rx = await startReceiver();
});
afterEach(async () => {
  await h.close();
  await rx.close();
});

async function register(subscriptions?: string[]): Promise<{ id: number; secret: string }> {
  const res = await h.api("POST", `${h.account}/webhooks`, { body: { webhook: { url: rx.url, subscriptions } } });
  expect(res.status).toBe(200);
  const hook = obj(obj(obj(res.json).payload).webhook);
  return { id: Number(hook.id), secret: String(hook.secret) };
}

describe("account webhooks API", () => {
  it("creates, lists, updates and deletes with payload wrappers and a generated read-only secret", async () => {
    const res = await h.api("POST", `${h.account}/webhooks`, {
      body: { url: rx.url, name: "sync", subscriptions: ["message_created"], secret: "mine" },
    });
    const hook = obj(obj(obj(res.json).payload).webhook);
    expect(hook).toMatchObject({ name: "sync", url: rx.url, account_id: 1, subscriptions: ["message_created"] });
    expect(String(hook.secret)).toMatch(/^[1-9A-HJ-NP-Za-km-z]{24}$/);
    expect(hook.secret).not.toBe("mine");

    const list = await h.api("GET", `${h.account}/webhooks`);
    expect(arr(obj(obj(list.json).payload).webhooks)).toHaveLength(1);

    const patched = await h.api("PATCH", `${h.account}/webhooks/${hook.id}`, {
      body: { subscriptions: ["conversation_updated", "contact_created"] },
    });
    expect(obj(obj(obj(patched.json).payload).webhook).subscriptions).toEqual([
      "conversation_updated",
      "contact_created",
    ]);
    expect(obj(obj(obj(patched.json).payload).webhook).secret).toBe(hook.secret);

    const deleted = await h.api("DELETE", `${h.account}/webhooks/${hook.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe("");
    expect((await h.api("DELETE", `${h.account}/webhooks/${hook.id}`)).status).toBe(404);
  });

  it("rejects bad subscriptions, bad and duplicate urls with Chatwoot's validation body", async () => {
    const bad = await h.api("POST", `${h.account}/webhooks`, { body: { url: rx.url, subscriptions: ["nope"] } });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({ message: "Subscriptions Invalid events", attributes: ["subscriptions"] });
    const empty = await h.api("POST", `${h.account}/webhooks`, { body: { url: rx.url, subscriptions: [] } });
    expect(empty.status).toBe(422);
    const url = await h.api("POST", `${h.account}/webhooks`, { body: { url: "ftp://x" } });
    expect(obj(url.json).attributes).toEqual(["url"]);
    await register();
    const dup = await h.api("POST", `${h.account}/webhooks`, { body: { url: rx.url } });
    expect(dup.json).toEqual({ message: "Url has already been taken", attributes: ["url"] });
  });

  it("is admin only", async () => {
    const res = await h.api("GET", `${h.account}/webhooks`, { token: "sbCwAgentToken0000000001" });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "You are not authorized to do this action" });
  });
});

describe("deliveries", () => {
  it("signs every delivery so that an independent HMAC check over the raw bytes passes", async () => {
    const { secret } = await register();
    await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { email: "jane.cooper@example.com" }, text: "Is <b> & </b> escaped?" },
    });
    await h.sim.settle();
    expect(rx.events()).toEqual(expect.arrayContaining(["conversation_created", "message_created"]));
    for (const r of rx.received) {
      expect(verifies(r, secret)).toBe(true);
      expect(verifies(r, "wrong-secret")).toBe(false);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-chatwoot-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs(Number(r.headers["x-chatwoot-timestamp"]) - Date.now() / 1000)).toBeLessThan(300);
    }
    const deliveryIds = new Set(rx.received.map((r) => r.headers["x-chatwoot-delivery"]));
    expect(deliveryIds.size).toBe(rx.received.length);
    const message = rx.received.find((r) => r.json.event === "message_created");
    // Rails escapes <, > and & in the bytes it signs; re-serialising would break the signature.
    expect(message?.raw).toContain("Is \\u003cb\\u003e \\u0026 \\u003c/b\\u003e escaped?");
    expect(message?.json.content).toBe("Is <b> & </b> escaped?");
  });

  it("sends the payload shapes of the examples", async () => {
    await register();
    await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { email: "wade.warren@example.com" }, assigneeId: agentId(2), text: "Hello" },
    });
    await h.sim.settle();
    const created = rx.received.find((r) => r.json.event === "conversation_created")?.json;
    expect(created).toMatchObject({ id: 1, inbox_id: 1, channel: "Channel::Api", status: "open", messages: [] });
    expect(obj(obj(created?.meta).assignee)).toMatchObject({ id: agentId(2), type: "user", availability_status: null });
    expect(obj(obj(created?.meta).sender)).toMatchObject({ email: "wade.warren@example.com", type: "contact" });
    expect(obj(created?.account)).toEqual({ id: 1, name: "Switchboard Demo" });

    const msg = rx.received.find((r) => r.json.event === "message_created")?.json;
    expect(msg).toMatchObject({ message_type: "incoming", private: false, content: "Hello", inbox: { id: 1 } });
    expect(typeof msg?.created_at).toBe("string");
    expect(obj(msg?.sender)).not.toHaveProperty("type");
    const last = obj(arr(obj(msg?.conversation).messages)[0]);
    expect(last).toMatchObject({ message_type: 0, sender_type: "Contact", conversation_id: 1 });
    expect(typeof last.created_at).toBe("number");
  });

  it("delivers only subscribed events", async () => {
    await register(["conversation_status_changed"]);
    const { json } = await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { name: "Ann" }, text: "Hi" },
    });
    await h.api("POST", `/_sim/conversations/${obj(json).conversationId}/resolve`, { body: {} });
    await h.sim.settle();
    expect(rx.events()).toEqual(["conversation_status_changed"]);
    expect(rx.received[0]?.json.changed_attributes).toBeNull();
    expect(rx.received[0]?.json.status).toBe("resolved");
  });

  it("reports a status transition in conversation_updated.changed_attributes", async () => {
    await register(["conversation_updated"]);
    const { json } = await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { name: "Ann" }, assigneeId: agentId(1), text: "Hi" },
    });
    await h.api("POST", `/_sim/conversations/${obj(json).conversationId}/resolve`, { body: {} });
    await h.sim.settle();
    const changes = rx.received.map((r) => arr(r.json.changed_attributes));
    const status = changes.flat().find((c) => "status" in obj(c));
    expect(status).toEqual({ status: { previous_value: "open", current_value: "resolved" } });
    expect(changes.every((list) => list.some((c) => "updated_at" in obj(c)))).toBe(true);
  });

  it("does not retry account webhooks and honours injected drops", async () => {
    await register(["message_created"]);
    rx.status = 500;
    await h.api("POST", "/_sim/conversations", { body: { inboxId: 1, contact: { name: "A" }, text: "1" } });
    await h.sim.settle();
    expect(rx.received).toHaveLength(1);
    rx.status = 200;
    await h.api("POST", "/_sim/faults", { body: { webhooks: [{ kind: "drop", count: 1 }] } });
    await h.api("POST", "/_sim/conversations/1/messages", { body: { text: "2", from: "contact" } });
    await h.api("POST", "/_sim/conversations/1/messages", { body: { text: "3", from: "contact" } });
    await h.sim.settle();
    expect(rx.received.map((r) => r.json.content)).toEqual(["1", "3"]);
    const log = arr((await h.api("GET", "/_sim/deliveries")).json);
    expect(log.some((e) => obj(e).fault === "drop")).toBe(true);
  });

  it("omits the signature headers when configured as a pre-v4.11.2 installation", async () => {
    await h.close();
    h = await startSim({ unsignedWebhooks: true, webhooks: [{ url: rx.url, subscriptions: ["message_created"] }] });
    await h.api("POST", "/_sim/conversations", { body: { inboxId: 1, contact: { name: "A" }, text: "1" } });
    await h.sim.settle();
    expect(rx.received[0]?.headers["x-chatwoot-signature"]).toBeUndefined();
    expect(rx.received[0]?.headers["x-chatwoot-delivery"]).toBeDefined();
  });
});
