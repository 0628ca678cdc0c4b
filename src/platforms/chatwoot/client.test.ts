import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StubServer, startStubServer } from "../../../test/helpers/chatwoot-stub-server.ts";
import { CHATWOOT_CLOUD_URL, ChatwootClient } from "./client.ts";

const API = join(import.meta.dirname, "../../../test/fixtures/chatwoot/api");
const apiFixture = (name: string): unknown => JSON.parse(readFileSync(join(API, `${name}.json`), "utf8"));

let stub: StubServer;
beforeAll(async () => {
  stub = await startStubServer();
});
afterAll(() => stub.close());
beforeEach(() => stub.reset());

const client = () => new ChatwootClient({ baseUrl: `${stub.baseUrl}/`, accountId: 1, apiAccessToken: "tok-123" });

describe("ChatwootClient requests", () => {
  it("defaults to Chatwoot Cloud and trims a trailing slash", () => {
    expect(new ChatwootClient({ accountId: 1, apiAccessToken: "t" }).baseUrl).toBe(CHATWOOT_CLOUD_URL);
    expect(client().baseUrl).toBe(stub.baseUrl);
  });

  it("lists agents with the api_access_token header and parses availability", async () => {
    stub.replies.push({ body: apiFixture("agents_list_response") });
    const r = await client().listAgents();
    expect(stub.last()).toMatchObject({ method: "GET", url: "/api/v1/accounts/1/agents" });
    expect(stub.last().headers.api_access_token).toBe("tok-123");
    expect(r.ok && r.value.map((a) => [a.id, a.email, a.availability_status])).toEqual([
      ["3", "sam@acme.example", "online"],
      ["5", "lee@acme.example", "busy"],
    ]);
  });

  it("updates availability through the admin agent endpoint, auto_offline only when asked", async () => {
    const agent = { id: 3, email: "sam@acme.example", availability_status: "busy" };
    stub.replies.push({ body: agent }, { body: agent });
    await client().updateAgentAvailability(3, "busy");
    expect(stub.last()).toMatchObject({
      method: "PATCH",
      url: "/api/v1/accounts/1/agents/3",
      body: { availability: "busy" },
    });
    expect(stub.last().body).not.toHaveProperty("auto_offline");
    await client().updateAgentAvailability("3", "online", false);
    expect(stub.last().body).toEqual({ availability: "online", auto_offline: false });
  });

  it("sets the caller's own availability through the profile endpoint", async () => {
    stub.replies.push({
      body: { id: 3, accounts: [{ id: 1, availability: "offline", availability_status: "offline" }] },
    });
    const r = await client().setOwnAvailability("offline");
    expect(stub.last()).toMatchObject({
      method: "POST",
      url: "/api/v1/profile/availability",
      body: { profile: { account_id: 1, availability: "offline" } },
    });
    expect(r.ok && r.value.accounts?.[0]?.availability).toBe("offline");
  });

  it("lists conversations with Rails array params and unwraps data.payload", async () => {
    stub.replies.push({
      body: { data: { meta: { all_count: 1 }, payload: [{ id: 123, status: "open", inbox_id: 7 }] } },
    });
    const r = await client().listConversations({
      status: "open",
      assigneeType: "all",
      labels: ["vip", "billing"],
      page: 2,
    });
    expect(stub.last().url).toBe(
      "/api/v1/accounts/1/conversations?status=open&assignee_type=all&labels%5B%5D=vip&labels%5B%5D=billing&page=2",
    );
    expect(r).toEqual({
      ok: true,
      value: { conversations: [{ id: "123", status: "open", inbox_id: "7" }], allCount: 1 },
    });
  });

  it("gets a conversation by display id", async () => {
    stub.replies.push({ body: { id: 123, status: "pending", meta: { assignee: null } } });
    const r = await client().getConversation(123);
    expect(stub.last()).toMatchObject({ method: "GET", url: "/api/v1/accounts/1/conversations/123" });
    expect(r.ok && r.value.status).toBe("pending");
  });

  it("sets a status explicitly and reads the bot-handoff reply where success is null", async () => {
    stub.replies.push({ body: apiFixture("toggle_status_bot_handoff_response") });
    const r = await client().setConversationStatus(123, "open");
    expect(stub.last()).toMatchObject({
      url: "/api/v1/accounts/1/conversations/123/toggle_status",
      body: { status: "open" },
    });
    expect(r).toEqual({
      ok: true,
      value: { conversationId: "123", currentStatus: "open", success: undefined, snoozedUntil: undefined },
    });
    stub.replies.push({
      body: { meta: {}, payload: { success: true, conversation_id: 123, current_status: "snoozed" } },
    });
    await client().setConversationStatus(123, "snoozed", 1781700000);
    expect(stub.last().body).toEqual({ status: "snoozed", snoozed_until: 1781700000 });
  });

  it("assigns to an agent, clears, assigns a team or a bot", async () => {
    stub.replies.push({ body: { id: 3, name: "Sam" } }, { text: "null" }, { body: { id: 4 } }, { body: { id: 2 } });
    const c = client();
    expect(await c.assignConversation(123, { agentId: "3" })).toEqual({ ok: true, value: undefined });
    expect(stub.seen.map((s) => s.url)).toEqual(["/api/v1/accounts/1/conversations/123/assignments"]);
    await c.assignConversation(123, { agentId: null });
    await c.assignConversation(123, { teamId: 4 });
    await c.assignConversation(123, { agentBotId: 2 });
    expect(stub.seen.map((s) => s.body)).toEqual([
      { assignee_id: 3 },
      { assignee_id: null },
      { team_id: 4 },
      { assignee_type: "AgentBot", assignee_id: 2 },
    ]);
  });

  it("creates messages, including private notes", async () => {
    stub.replies.push(
      { body: apiFixture("message_create_response_agent_bot") },
      { body: { id: 9011, message_type: 1, private: true } },
    );
    const r = await client().createMessage(123, { content: "Your order #5521 shipped yesterday. Anything else?" });
    expect(stub.last()).toMatchObject({
      url: "/api/v1/accounts/1/conversations/123/messages",
      body: { content: "Your order #5521 shipped yesterday. Anything else?", message_type: "outgoing", private: false },
    });
    expect(r.ok && [r.value.id, r.value.message_type, r.value.conversation_id]).toEqual(["9002", 1, "123"]);
    await client().createMessage(123, { content: "VIP", private: true, sourceId: "sb:cmd_1" });
    expect(stub.last().body).toEqual({
      content: "VIP",
      message_type: "outgoing",
      private: true,
      source_id: "sb:cmd_1",
    });
  });

  it("reads and replaces conversation labels", async () => {
    stub.replies.push({ body: { payload: ["vip"] } }, { body: { payload: ["vip", "billing"] } });
    expect(await client().listConversationLabels(123)).toEqual({ ok: true, value: ["vip"] });
    expect(await client().setConversationLabels(123, ["vip", "billing"])).toEqual({
      ok: true,
      value: ["vip", "billing"],
    });
    expect(stub.last()).toMatchObject({ method: "POST", body: { labels: ["vip", "billing"] } });
  });
});
