import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueCommands } from "../../src/commands/repo.ts";
import { queueReviews } from "../../src/customers/resolve.ts";
import { botContactMemory, botConversations, conversations, messages } from "../../src/db/schema/index.ts";
import type { RouteAccess } from "../../src/http/auth.ts";
import { newId } from "../../src/lib/ids.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { type JsonSchema, sample } from "../helpers/json-sample.ts";
import { call, newWorkspace, type Session, signedIn } from "../helpers/sessions.ts";
import { livechatSigner } from "../helpers/signers.ts";

/**
 * Generated from the app's own route table, so a route added anywhere is covered without editing this file: every
 * /api route needs credentials; every route naming a resource answers 404 to another workspace's admin (and changes
 * nothing); every route needing more than the agent role answers 403 to an agent, and to an API key lacking scope.
 */
const PUBLIC = new Set([
  "POST /api/auth/login",
  "POST /api/auth/refresh",
  "POST /api/auth/logout",
  // The chat widget's API: visitors prove themselves with their own session token (tested in test/e2e/chat).
  "POST /api/widget/sessions",
  "POST /api/widget/messages",
  "GET /api/widget/conversation",
  "GET /api/widget/ws",
  // RingCentral AI's job callback: acknowledged and ignored (results are read by polling the job with our token).
  "POST /api/voice/ringcentral-ai-callback",
]);

let hub: TestHub;
let routes: RouteAccess[];
let openapi: {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
};
/** A real resource of workspace A for each `:param` of each resource kind (the first path segment after /api). */
const seeds: Record<string, Record<string, string>> = {};
let otherAdmin: Session;
let agent: Session;
let supervisor: Session;
let keys: { read: string; write: string };

beforeAll(async () => {
  hub = await startTestHub();
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await hub.api(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const db = hub.deps.database.db;
  const ws = hub.workspaceId;

  const agentRow = await api("POST", "/api/agents", { name: "Seed Agent", email: "seed.agent@example.test" });
  const connection = await api("POST", "/api/connections", { platform: "livechat", name: "Seed LC" });
  const signed = livechatSigner.sign(String(connection.webhookSecret), 1, Date.now());
  const hook = await fetch(`${hub.url}/webhooks/livechat/${String(connection.id)}`, {
    method: "POST",
    headers: signed.headers,
    body: signed.body,
  });
  const eventId = ((await hook.json()) as { eventId: string }).eventId;
  const [commandId] = await issueCommands(db, [
    {
      workspaceId: ws,
      connectionId: String(connection.id),
      platform: "livechat",
      agentId: String(agentRow.id),
      payload: {
        kind: "livechat.set_routing_status",
        agentExternalId: "seed.agent@example.test",
        target: { routingStatus: "accepting_chats" },
      },
      idempotencyKey: "seed-command",
    },
  ]);
  const customer = await api("POST", "/api/customers", {
    name: "Seed Customer",
    identities: [{ kind: "email", value: "seed@example.test" }],
  });
  const other = await api("POST", "/api/customers", { name: "Seed Other" });
  const conversationId = newId("cnv");
  await db.insert(conversations).values({
    id: conversationId,
    workspaceId: ws,
    connectionId: String(connection.id),
    platform: "livechat",
    channel: "chat",
    externalId: "SEED",
    customerId: String(customer.id),
    startedAt: new Date(),
  });
  await db.insert(messages).values({
    id: newId("msg"),
    workspaceId: ws,
    conversationId,
    externalId: "m1",
    authorType: "customer",
    text: "seed",
    at: new Date(),
  });
  await db.transaction((tx) =>
    queueReviews(
      tx,
      ws,
      String(customer.id),
      [{ otherCustomerId: String(other.id), reason: "shared_email", identity: "email:seed@example.test" }],
      {},
    ),
  );
  const matches = await api("GET", "/api/customer-matches");
  const user = await api("POST", "/api/users", { email: "seed.user@example.test", name: "Seed User", role: "agent" });
  const key = await api("POST", "/api/api-keys", { name: "seed", scopes: ["read"] });

  const identities = customer.identities as Array<{ id: string }>;
  seeds.agents = { id: String(agentRow.id) };
  seeds.connections = { id: String(connection.id) };
  seeds["webhook-events"] = { id: eventId };
  seeds.commands = { id: String(commandId) };
  seeds.customers = { id: String(customer.id), identityId: String(identities[0]?.id) };
  seeds.conversations = { id: conversationId };
  seeds["customer-matches"] = { id: String((matches.items as Array<{ id: string }>)[0]?.id) };
  seeds.users = { id: String((user.user as { id: string }).id) };
  seeds["api-keys"] = { id: String((key.apiKey as { id: string }).id) };
  const document = await api("POST", "/api/bot/documents", { title: "Seed doc", content: "Refunds take 5 days." });
  seeds["bot/documents"] = { id: String(document.id) };
  await api("POST", "/api/bot/inboxes", { id: "seed-inbox", channel: "chatwoot" });
  seeds["bot/inboxes"] = { id: "seed-inbox" };
  const botConversationId = newId("bcv");
  await db
    .insert(botConversations)
    .values({ id: botConversationId, workspaceId: ws, inboxId: "seed-inbox", externalId: "1", owner: "human" });
  seeds["bot/conversations"] = { id: botConversationId };
  await db.insert(botContactMemory).values({ workspaceId: ws, contactKey: "chatwoot:contact:1", facts: ["seed"] });
  seeds["bot/memory"] = { contactKey: "chatwoot:contact:1" };
  const group = await api("POST", "/api/chat/groups", {
    name: "Seed group",
    routingStrategy: "round_robin",
    isDefault: true,
  });
  await api("POST", `/api/chat/groups/${String(group.id)}/agents`, { agentIds: [String(agentRow.id)] });
  const tag = await api("POST", "/api/chat/tags", { name: "seed" });
  const chat = await fetch(`${hub.url}/api/widget/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "seed chat" }),
  }).then((r) => r.json() as Promise<{ conversationId: string; threadId: string }>);
  seeds["chat/groups"] = { id: String(group.id), agentId: String(agentRow.id) };
  seeds["chat/tags"] = { id: String(tag.id) };
  seeds["chat/conversations"] = { id: chat.conversationId };
  seeds["chat/threads"] = { id: chat.threadId };
  // RingCentral admin routes: a RingCentral connection of this workspace; the vendor-side ids are never reached
  // here (the connection check answers first), so any well-formed ids do.
  const rc = await api("POST", "/api/connections", { platform: "ringcentral", name: "Seed RC" });
  const vendorId = "6200101004";
  seeds.ringcentral = {
    connectionId: String(rc.id),
    extensionId: vendorId,
    groupId: vendorId,
    ivrMenuId: vendorId,
    promptId: vendorId,
    phoneNumberId: vendorId,
    jobId: "rcj_seed",
  };

  otherAdmin = await signedIn(hub, "admin", { workspaceId: await newWorkspace(hub, "Other team") });
  agent = await signedIn(hub, "agent");
  supervisor = await signedIn(hub, "supervisor");
  keys = {
    read: String((await api("POST", "/api/api-keys", { name: "r", scopes: ["read"] })).key),
    write: String((await api("POST", "/api/api-keys", { name: "w", scopes: ["write"] })).key),
  };
  routes = hub.app.routeAccess.filter((r) => r.url.startsWith("/api/"));
  openapi = hub.app.swagger() as unknown as typeof openapi;
});
afterAll(async () => hub?.stop());

const openapiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");
const bodyFor = (r: RouteAccess) => {
  const schema =
    openapi.paths[openapiPath(r.url)]?.[r.method.toLowerCase()]?.requestBody?.content?.["application/json"]?.schema;
  return schema ? sample(schema) : undefined;
};
const pathFor = (r: RouteAccess): string => {
  const parts = r.url.split("/");
  // The bot's and the built-in chat's resources live one level down (/api/bot/documents/:id, /api/chat/groups/:id).
  const kind = parts[2] === "bot" || parts[2] === "chat" ? `${parts[2]}/${parts[3] ?? ""}` : (parts[2] ?? "");
  return r.url.replace(/:(\w+)/g, (_m, name: string) => {
    const id = seeds[kind]?.[name];
    if (!id) throw new Error(`no seeded ${kind} for :${name} in ${r.method} ${r.url}: add one to this test's seeds`);
    return id;
  });
};
const label = (r: RouteAccess) => `${r.method} ${r.url}`;
const RANK = { agent: 1, supervisor: 2, admin: 3 } as const;

describe("access to every /api route (generated from the route table)", () => {
  it("knows the routes it is testing", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.url.includes(":")).length).toBeGreaterThan(15);
  });

  it("requires credentials on every route but sign-in's own", async () => {
    const unguarded = routes.filter((r) => r.role === null && !PUBLIC.has(label(r))).map(label);
    expect(unguarded).toEqual([]);
    for (const r of routes.filter((x) => x.role !== null)) {
      const res = await call(hub, r.method, pathFor(r), { body: bodyFor(r) });
      expect({ route: label(r), status: res.status }).toEqual({ route: label(r), status: 401 });
    }
  });

  it("answers 404 to another workspace's admin for every resource route, and changes nothing", async () => {
    const scoped = routes.filter((r) => r.url.includes(":"));
    for (const r of scoped) {
      const res = await call(hub, r.method, pathFor(r), { token: otherAdmin.accessToken, body: bodyFor(r) });
      expect({ route: label(r), status: res.status }).toEqual({ route: label(r), status: 404 });
    }
    // The seeds are real: their own workspace still reads every one of them.
    for (const r of scoped.filter((x) => x.method === "GET" && /^\/api\/[\w-]+\/:id$/.test(x.url))) {
      const res = await hub.api("GET", pathFor(r));
      expect({ route: label(r), status: res.status }).toEqual({ route: label(r), status: 200 });
    }
  });

  it("answers 403 to every caller whose role or key scope lacks the right", async () => {
    const callers = [
      { who: "agent session", rank: 1, token: () => agent.accessToken },
      { who: "read key", rank: 1, token: () => keys.read },
      { who: "supervisor session", rank: 2, token: () => supervisor.accessToken },
      { who: "write key", rank: 2, token: () => keys.write },
    ];
    let checked = 0;
    for (const r of routes) {
      if (r.role === null) continue;
      for (const c of callers.filter((x) => x.rank < RANK[r.role as keyof typeof RANK])) {
        const res = await call(hub, r.method, pathFor(r), { token: c.token(), body: bodyFor(r) });
        expect({ route: label(r), who: c.who, status: res.status }).toEqual({
          route: label(r),
          who: c.who,
          status: 403,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
