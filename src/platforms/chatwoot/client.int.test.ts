import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatwootSim, createChatwootSim } from "../../../sim/chatwoot/app.ts";
import { ChatwootClient } from "./client.ts";

/*
 * The client against the Chatwoot sandbox (sim/chatwoot, written independently from platforms/chatwoot.md).
 * Credentials come from the sandbox's own /_sim/credentials, never from its source.
 */

type Creds = {
  accountId: number;
  admin: { accessToken: string };
  agents: { userId: number; email: string; accessToken: string }[];
  agentBot: { accessToken: string };
  apiInbox: { id: number };
};

let sim: ChatwootSim;
let base: string;
let creds: Creds;

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

const admin = () =>
  new ChatwootClient({ baseUrl: base, accountId: creds.accountId, apiAccessToken: creds.admin.accessToken });
const firstAgent = () => {
  const agent = creds.agents[0];
  if (!agent) throw new Error("the sandbox has no demo agents");
  return agent;
};

async function startChat(text = "Hi, where is my order?") {
  return (await control("POST", "/_sim/conversations", {
    inboxId: creds.apiInbox.id,
    contact: { name: "Jane Cooper", email: "jane.cooper@example.com", phone: "+14155550101" },
    text,
  })) as { conversationId: number; contactId: number };
}

beforeAll(async () => {
  sim = await createChatwootSim();
  base = await sim.listen(0, "127.0.0.1");
});
afterAll(() => sim.close());
beforeEach(async () => {
  await control("POST", "/_sim/reset");
  creds = (await control("GET", "/_sim/credentials")) as Creds;
});

describe("ChatwootClient against the sandbox: agents", () => {
  it("lists the demo agents and sets availability as target state", async () => {
    const agents = await admin().listAgents();
    expect(agents.ok).toBe(true);
    if (!agents.ok) return;
    expect(agents.value.map((a) => a.email)).toEqual(expect.arrayContaining(creds.agents.map((a) => a.email)));

    const agent = firstAgent();
    // auto_offline:false makes the configured availability the effective one even with no dashboard open.
    const updated = await admin().updateAgentAvailability(agent.userId, "busy", false);
    expect(updated).toMatchObject({ ok: true, value: { id: String(agent.userId), availability_status: "busy" } });
    const again = await admin().listAgents();
    expect(again.ok && again.value.find((a) => a.id === String(agent.userId))?.availability_status).toBe("busy");
  });

  it("lets an agent set its own availability with its own token", async () => {
    const agent = firstAgent();
    const own = new ChatwootClient({ baseUrl: base, accountId: creds.accountId, apiAccessToken: agent.accessToken });
    const r = await own.setOwnAvailability("offline");
    expect(r.ok && r.value.accounts?.find((a) => a.id === String(creds.accountId))?.availability).toBe("offline");
  });
});

describe("ChatwootClient against the sandbox: conversations", () => {
  it("gets, lists, assigns, notes, labels and resolves a conversation", async () => {
    const { conversationId } = await startChat();
    const c = admin();
    expect(await c.getConversation(conversationId)).toMatchObject({ ok: true, value: { id: String(conversationId) } });

    const list = await c.listConversations({ status: "all", assigneeType: "all" });
    expect(list.ok && list.value.conversations.map((x) => x.id)).toContain(String(conversationId));

    const agent = firstAgent();
    expect(await c.assignConversation(conversationId, { agentId: agent.userId })).toEqual({
      ok: true,
      value: undefined,
    });
    const assigned = await c.getConversation(conversationId);
    expect(assigned.ok && assigned.value.meta?.assignee?.id).toBe(String(agent.userId));

    const note = await c.createMessage(conversationId, { content: "Call noted: 3 min, resolved", private: true });
    expect(note).toMatchObject({ ok: true, value: { private: true, content: "Call noted: 3 min, resolved" } });

    expect(await c.setConversationLabels(conversationId, ["vip", "phone"])).toMatchObject({ ok: true });
    const labels = await c.listConversationLabels(conversationId);
    expect(labels.ok && [...labels.value].sort()).toEqual(["phone", "vip"]);

    const resolved = await c.setConversationStatus(conversationId, "resolved");
    expect(resolved).toMatchObject({
      ok: true,
      value: { conversationId: String(conversationId), currentStatus: "resolved" },
    });
  });
});

describe("ChatwootClient against the sandbox: contacts and webhooks", () => {
  it("creates, filters, searches and updates contacts; a duplicate email is a non-retryable 422", async () => {
    const c = admin();
    const created = await c.createContact({
      name: "Robin Vale",
      email: "robin.vale@example.com",
      phoneNumber: "+14155550177",
    });
    expect(created).toMatchObject({ ok: true, value: { email: "robin.vale@example.com" } });
    if (!created.ok) return;

    const filtered = await c.filterContacts([
      { attributeKey: "email", filterOperator: "equal_to", values: ["robin.vale@example.com"] },
    ]);
    expect(filtered.ok && filtered.value.contacts.map((x) => x.id)).toEqual([created.value.id]);
    const searched = await c.searchContacts("+14155550177");
    expect(searched.ok && searched.value.contacts.map((x) => x.id)).toContain(created.value.id);

    const updated = await c.updateContact(created.value.id, { customAttributes: { switchboard_id: "cus_1" } });
    expect(updated).toMatchObject({ ok: true, value: { custom_attributes: { switchboard_id: "cus_1" } } });

    const dup = await c.createContact({ name: "Other", email: "ROBIN.VALE@example.com" });
    expect(dup).toMatchObject({ ok: false, error: { status: 422, code: "record_invalid", retryable: false } });
  });

  it("creates, lists and deletes an account webhook and gets its secret", async () => {
    const c = admin();
    const hook = await c.createWebhook({
      url: "http://127.0.0.1:9/hook",
      name: "switchboard",
      subscriptions: ["message_created"],
    });
    expect(hook.ok && hook.value.secret).toEqual(expect.any(String));
    if (!hook.ok) return;
    const list = await c.listWebhooks();
    expect(list.ok && list.value.map((w) => w.id)).toContain(hook.value.id);
    expect(await c.deleteWebhook(hook.value.id)).toEqual({ ok: true, value: undefined });
    const after = await c.listWebhooks();
    expect(after.ok && after.value.map((w) => w.id)).not.toContain(hook.value.id);
  });
});

describe("ChatwootClient against the sandbox: errors and faults", () => {
  it("429 with Retry-After → retryable with the delay", async () => {
    await control("POST", "/_sim/faults", { http: [{ path: "/agents", status: 429, retryAfter: 3 }] });
    expect(await admin().listAgents()).toMatchObject({
      ok: false,
      error: { status: 429, retryable: true, retryAfterMs: 3000 },
    });
    expect((await admin().listAgents()).ok).toBe(true);
  });

  it("500 → retryable", async () => {
    await control("POST", "/_sim/faults", { http: [{ path: "/agents", status: 500 }] });
    expect(await admin().listAgents()).toMatchObject({ ok: false, error: { status: 500, retryable: true } });
  });

  it("400 → not retryable, with the platform's message", async () => {
    await control("POST", "/_sim/faults", { http: [{ path: "/contacts", status: 400 }] });
    expect(await admin().searchContacts("jane")).toMatchObject({
      ok: false,
      error: { status: 400, retryable: false, message: "Bad Request" },
    });
  });

  it("a wrong token → auth error with Chatwoot's message", async () => {
    const c = new ChatwootClient({ baseUrl: base, accountId: creds.accountId, apiAccessToken: "nope" });
    expect(await c.listAgents()).toMatchObject({
      ok: false,
      error: { kind: "auth", status: 401, message: "Invalid Access Token", retryable: false },
    });
  });

  it("an agent-bot token outside the bot whitelist → 401 with the bot message", async () => {
    const bot = new ChatwootClient({
      baseUrl: base,
      accountId: creds.accountId,
      apiAccessToken: creds.agentBot.accessToken,
    });
    expect(await bot.searchContacts("jane")).toMatchObject({
      ok: false,
      error: { status: 401, message: "Access to this endpoint is not authorized for bots" },
    });
  });
});
