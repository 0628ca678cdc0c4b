import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatwootSim, createChatwootSim } from "../../../sim/chatwoot/app.ts";
import { type SeenRequest, type StubServer, startStubServer } from "../../../test/helpers/chatwoot-stub-server.ts";
import type { DomainEvent } from "../../domain/events.ts";
import type { Headers } from "../types.ts";
import { chatwootPlatform } from "./index.ts";

/*
 * The sandbox signs webhooks from its own reading of the docs; verify() and map() are ours. A delivery that
 * passes both proves two independent readings of Chatwoot's signing scheme and payloads agree.
 */

const ACCOUNT_SECRET = "sbTestAccountHookSecret1";
const BOT_SECRET = "sbTestAgentBotSecret0001";
const API_INBOX_ID = 1;

let sim: ChatwootSim;
let base: string;
let account: StubServer;
let bot: StubServer;

async function control(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const headersOf = (req: SeenRequest): Headers =>
  Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

/** Verifies and maps every delivery a receiver got; fails on any rejection or schema error. */
function ingest(receiver: StubServer, secret: string): { events: DomainEvent[]; ignored: string[]; keys: string[] } {
  const events: DomainEvent[] = [];
  const ignored: string[] = [];
  const keys: string[] = [];
  for (const req of receiver.seen) {
    const verified = chatwootPlatform.verify({
      rawBody: req.raw,
      headers: headersOf(req),
      secret,
      nowMs: Date.now(),
      maxSkewMs: 300_000,
    });
    if (!verified.ok) throw new Error(`rejected: ${verified.reason} ${verified.detail ?? ""}`);
    keys.push(verified.dedupeKey);
    const mapped = chatwootPlatform.map(verified.body, { receivedAt: new Date().toISOString(), headers: {} });
    if (!mapped.ok) throw new Error(`${mapped.error.message}: ${JSON.stringify(mapped.error.issues)}`);
    if (mapped.value.kind === "event") events.push(mapped.value.event);
    else ignored.push(mapped.value.reason);
  }
  return { events, ignored, keys };
}

beforeAll(async () => {
  account = await startStubServer();
  bot = await startStubServer();
  sim = await createChatwootSim({
    webhooks: [{ url: `${account.baseUrl}/hook`, secret: ACCOUNT_SECRET }],
    agentBotUrl: `${bot.baseUrl}/bot`,
    agentBotSecret: BOT_SECRET,
    botInboxIds: [],
  });
  base = await sim.listen(0, "127.0.0.1");
});
afterAll(async () => {
  await sim.close();
  await account.close();
  await bot.close();
});
beforeEach(async () => {
  await control("/_sim/reset");
  account.reset();
  bot.reset();
});

describe("sandbox webhooks → verify → map", () => {
  it("turns a whole account-webhook conversation into domain events", async () => {
    const started = await control("/_sim/conversations", {
      inboxId: API_INBOX_ID,
      contact: { name: "Robin Vale", email: "robin.vale@example.com", phone: "+14155550177" },
      text: "Where is my parcel?",
    });
    const chatId = String(started.conversationId);
    const agents = (await (await fetch(`${base}/_sim/agents`)).json()) as { id: number }[];
    const agentId = agents.find((a) => a.id !== 1)?.id ?? 2;
    await control(`/_sim/conversations/${chatId}/messages`, { from: "agent", agentId, text: "On its way!" });
    await control(`/_sim/conversations/${chatId}/messages`, { from: "agent", agentId, text: "VIP", private: true });
    await control(`/_sim/conversations/${chatId}/resolve`, { agentId });
    await sim.settle();

    const { events, keys } = ingest(account, ACCOUNT_SECRET);
    expect(new Set(keys).size).toBe(keys.length);
    expect(events).toContainEqual(expect.objectContaining({ type: "chat.started", chatId }));
    const started1 = events.find((e) => e.type === "chat.started");
    expect(started1).toMatchObject({ customer: { email: "robin.vale@example.com", phone: "+14155550177" } });
    const messages = events.flatMap((e) => (e.type === "chat.message" && e.chatId === chatId ? [e.message] : []));
    expect(messages).toContainEqual(expect.objectContaining({ authorType: "customer", text: "Where is my parcel?" }));
    expect(messages).toContainEqual(
      expect.objectContaining({ authorType: "agent", authorId: String(agentId), text: "On its way!", private: false }),
    );
    expect(messages).toContainEqual(expect.objectContaining({ authorType: "agent", text: "VIP", private: true }));
    expect(events).toContainEqual(expect.objectContaining({ type: "chat.ended", chatId }));
    expect(events).toContainEqual(expect.objectContaining({ type: "customer.updated" }));
  });

  it("verifies and maps agent-bot deliveries signed with the bot's own secret", async () => {
    const assigned = await control("/_sim/conversations", {
      inboxId: API_INBOX_ID,
      contact: { email: "bot.case@example.com" },
      text: "Hello bot",
    });
    const chatId = String(assigned.conversationId);
    // Hand the conversation to the bot through the API, as Switchboard's bot set-up would.
    const creds = (await (await fetch(`${base}/_sim/credentials`)).json()) as {
      admin: { accessToken: string };
      agentBot: { id: number };
    };
    await fetch(`${base}/api/v1/accounts/1/conversations/${chatId}/assignments`, {
      method: "POST",
      headers: { "content-type": "application/json", api_access_token: creds.admin.accessToken },
      body: JSON.stringify({ assignee_type: "AgentBot", assignee_id: creds.agentBot.id }),
    });
    await control(`/_sim/conversations/${chatId}/messages`, { from: "contact", text: "Are you there?" });
    await sim.settle();

    expect(bot.seen.length).toBeGreaterThan(0);
    const { events } = ingest(bot, BOT_SECRET);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "chat.message",
        chatId,
        message: expect.objectContaining({ text: "Are you there?" }),
      }),
    );
    // The bot's secret is not the account webhook's: a bot delivery must not verify with the other secret.
    const first = bot.seen[0];
    if (!first) throw new Error("no bot delivery");
    const wrong = chatwootPlatform.verify({
      rawBody: first.raw,
      headers: headersOf(first),
      secret: ACCOUNT_SECRET,
      nowMs: Date.now(),
      maxSkewMs: 300_000,
    });
    expect(wrong).toMatchObject({ ok: false, reason: "bad_signature" });
  });
});
