import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLivechatSim } from "../../../sim/livechat/app.ts";
import type { Sim } from "../../../sim/shared/types.ts";
import type { DomainEvent } from "../../domain/events.ts";
import { LivechatClient } from "./client.ts";
import { livechatPlatform } from "./index.ts";

/** The connector against the LiveChat sandbox: two independent readings of the docs must agree. */

const ADA = "ada@switchboard.demo";
const GRACE = "grace@switchboard.demo";
const credentialsSchema = z.looseObject({ accountId: z.string(), pat: z.string(), clientId: z.string() });

let sim: Sim;
let baseUrl: string;
let creds: z.infer<typeof credentialsSchema>;
let client: LivechatClient;

beforeEach(async () => {
  sim = await createLivechatSim({ webhookRetryDelayMs: 20 });
  baseUrl = await sim.listen(0);
  creds = credentialsSchema.parse(sim.credentials);
  client = new LivechatClient({ baseUrl, auth: { kind: "pat", accountId: creds.accountId, pat: creds.pat } });
});
afterEach(async () => {
  await sim.close();
});

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const init: RequestInit = body === undefined ? { method } : { method, body: JSON.stringify(body) };
  if (body !== undefined) init.headers = { "content-type": "application/json" };
  const res = await fetch(`${baseUrl}${path}`, init);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

const startedSchema = z.object({ chatId: z.string(), threadId: z.string(), customerId: z.string() });
async function startChat(): Promise<z.infer<typeof startedSchema>> {
  const customer = { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" };
  return startedSchema.parse(await control("POST", "/_sim/chats", { agentId: GRACE, customer, message: "Hi there" }));
}

describe("LivechatClient against the sandbox", () => {
  it("lists agents and sets / reads routing statuses in both API versions", async () => {
    const agents = await client.listAgents();
    expect(agents.ok && agents.value.map((a) => a.id)).toContain(ADA);
    expect(await client.setRoutingStatus({ status: "not_accepting_chats", agentId: GRACE })).toEqual({
      ok: true,
      value: undefined,
    });
    const legacy = new LivechatClient({
      baseUrl,
      version: "v3.5",
      auth: { kind: "pat", accountId: creds.accountId, pat: creds.pat },
    });
    const statuses = await legacy.listRoutingStatuses();
    expect(statuses.ok && statuses.value.find((s) => s.agentId === GRACE)).toEqual({
      agentId: GRACE,
      status: "not_accepting_chats",
    });
  });

  it("reads and writes chats and customers", async () => {
    const { chatId, threadId, customerId } = await startChat();
    const chat = await client.getChat({ chatId });
    expect(chat.ok && chat.value).toMatchObject({
      chatId,
      threadId,
      active: true,
      agentIds: [GRACE],
      customer: { platformId: customerId, email: "jane.cooper@example.com" },
      messages: [{ authorId: customerId, authorType: "customer", text: "Hi there" }],
    });
    const page = await client.listChats({ active: true });
    expect(page.ok && page.value.chats.map((c) => c.chatId)).toContain(chatId);

    expect((await client.addUserToChat({ chatId, userId: ADA, userType: "agent" })).ok).toBe(true);
    const sent = await client.sendEvent({ chatId, event: { type: "message", text: "Hello from the hub" } });
    expect(sent.ok && sent.value.eventId).toMatch(new RegExp(`^${threadId}_`));
    expect((await client.updateChatProperties({ chatId, properties: { switchboard: { call_id: "c-1" } } })).ok).toBe(
      true,
    );

    expect((await client.updateCustomerSessionFields(customerId, { phone: "+14155550199" })).ok).toBe(true);
    const customer = await client.getCustomer(customerId);
    expect(customer.ok && customer.value).toMatchObject({ customer: { platformId: customerId }, chatIds: [chatId] });
  });

  it("manages webhooks and the deliveries pass verify() and map()", async () => {
    const receiver = await startReceiver();
    try {
      const secretKey = "hub-webhook-secret";
      const actions = ["incoming_chat", "incoming_event", "chat_deactivated", "routing_status_set"];
      const ids: string[] = [];
      for (const action of actions) {
        const registered = await client.registerWebhook({
          url: receiver.url,
          action,
          secretKey,
          ownerClientId: creds.clientId,
          type: "license",
        });
        if (!registered.ok) throw new Error(registered.error.message);
        ids.push(registered.value.id);
      }
      expect((await client.enableLicenseWebhooks(creds.clientId)).ok).toBe(true);
      expect(await client.getLicenseWebhooksState(creds.clientId)).toEqual({ ok: true, value: { enabled: true } });
      const listed = await client.listWebhooks(creds.clientId);
      expect(listed.ok && listed.value.map((w) => w.id).sort()).toEqual([...ids].sort());

      const { chatId } = await startChat();
      await control("POST", `/_sim/agents/${encodeURIComponent(ADA)}/routing-status`, {
        status: "not_accepting_chats",
      });
      await control("POST", `/_sim/chats/${chatId}/messages`, { authorId: "customer", text: "Still there?" });
      await control("POST", `/_sim/chats/${chatId}/close`, {});
      // Deliveries are concurrent, so wait for one of each action rather than for a count.
      const bodies = await receiver.waitFor((received) =>
        actions.every((action) => received.some((raw) => actionOf(raw) === action)),
      );

      const events: DomainEvent[] = [];
      for (const raw of bodies) {
        const verified = livechatPlatform.verify({
          rawBody: Buffer.from(raw),
          headers: {},
          secret: secretKey,
          nowMs: Date.now(),
          maxSkewMs: 0,
        });
        if (!verified.ok) throw new Error(`verify rejected a sandbox delivery: ${verified.reason} ${raw}`);
        const mapped = livechatPlatform.map(verified.body, { receivedAt: new Date().toISOString(), headers: {} });
        if (!mapped.ok) throw new Error(`map failed on a sandbox delivery: ${mapped.error.message} ${raw}`);
        if (mapped.value.kind === "event") events.push(mapped.value.event);
        const wrong = livechatPlatform.verify({
          rawBody: Buffer.from(raw),
          headers: {},
          secret: "other",
          nowMs: 0,
          maxSkewMs: 0,
        });
        expect(wrong).toMatchObject({ ok: false, reason: "bad_secret" });
      }
      expect(events).toContainEqual(expect.objectContaining({ type: "chat.started", chatId, agentIds: [GRACE] }));
      expect(events).toContainEqual(
        expect.objectContaining({
          type: "chat.message",
          chatId,
          message: expect.objectContaining({ authorType: "customer", text: "Still there?" }),
        }),
      );
      expect(events).toContainEqual(expect.objectContaining({ type: "chat.ended", chatId }));
      expect(events).toContainEqual(
        expect.objectContaining({ type: "agent.routing_status_changed", agentId: ADA, status: "not_accepting_chats" }),
      );

      const [first] = ids;
      if (!first) throw new Error("no webhook registered");
      expect((await client.unregisterWebhook({ id: first, ownerClientId: creds.clientId })).ok).toBe(true);
      const after = await client.listWebhooks(creds.clientId);
      expect(after.ok && after.value.map((w) => w.id)).not.toContain(first);
    } finally {
      await receiver.close();
    }
  });
});

describe("LivechatClient error classification against the sandbox", () => {
  const fault = (status: number, extra: Record<string, unknown> = {}) =>
    control("POST", "/_sim/faults", { http: [{ path: "list_routing_statuses", status, ...extra }] });

  it("429 with Retry-After is retryable after the given delay", async () => {
    await fault(429, { retryAfter: 3 });
    expect(await client.listRoutingStatuses()).toMatchObject({
      ok: false,
      error: { status: 429, code: "too_many_requests", retryable: true, retryAfterMs: 3000 },
    });
    // The fault was used up: the next call succeeds.
    expect((await client.listRoutingStatuses()).ok).toBe(true);
  });

  it("500 is retryable; 400 is not and carries the platform's message", async () => {
    await fault(500);
    expect(await client.listRoutingStatuses()).toMatchObject({ ok: false, error: { status: 500, retryable: true } });
    await fault(400);
    const injected = await client.listRoutingStatuses();
    expect(injected).toMatchObject({ ok: false, error: { status: 400, code: "validation", retryable: false } });
    const real = await client.setRoutingStatus({ status: "accepting_chats", agentId: "nobody@example.com" });
    expect(real).toMatchObject({ ok: false, error: { code: "not_found", retryable: false } });
    expect(!real.ok && real.error.message).toMatch(/\S/);
  });

  it("a wrong PAT is an auth error that is not retried", async () => {
    const wrong = new LivechatClient({ baseUrl, auth: { kind: "pat", accountId: creds.accountId, pat: "dal:nope" } });
    expect(await wrong.listAgents()).toMatchObject({
      ok: false,
      error: { kind: "auth", code: "authentication", retryable: false },
    });
  });
});

const actionOf = (raw: string): unknown =>
  z.looseObject({ action: z.string() }).safeParse(JSON.parse(raw)).data?.action;

type Receiver = {
  url: string;
  waitFor: (done: (raw: string[]) => boolean) => Promise<string[]>;
  close: () => Promise<void>;
};

/** A webhook endpoint on 127.0.0.1 that keeps the raw bytes, as the ingest route would. */
async function startReceiver(): Promise<Receiver> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push(Buffer.concat(chunks).toString("utf8"));
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/livechat`,
    // Polls until the condition holds; the test's own timeout bounds it, so nothing here asserts on time.
    waitFor: async (done) => {
      while (!done(received)) await new Promise((resolve) => setTimeout(resolve, 10));
      return [...received];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
