import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SHARED_DIR, sharedPath } from "../../../test/helpers/shared-docs.ts";
import { LivechatClient } from "./client.ts";

const METHODS = sharedPath("specs/livechat/examples");
const example = (path: string): string => readFileSync(join(METHODS, path), "utf8");

type Seen = { url: string; method: string; headers: Record<string, string>; body: unknown };

/** Replaces fetch with one canned response and records what the client sent: no sockets involved. */
function stubFetch(status: number, body: string, headers: Record<string, string> = {}): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    seen.push({
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    });
    return new Response(body === "" ? null : body, {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  });
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

const pat = new LivechatClient({
  auth: { kind: "pat", accountId: "acc-1", pat: "dal:secret" },
  baseUrl: "http://127.0.0.1:9/",
});

describe("LivechatClient requests", () => {
  it("POSTs JSON to /<version>/<api>/action/<action> with Basic auth for a PAT", async () => {
    const seen = stubFetch(200, "");
    const result = await pat.setRoutingStatus({ status: "not_accepting_chats", agentId: "smith@example.com" });
    expect(result).toEqual({ ok: true, value: undefined });
    expect(seen[0]).toMatchObject({
      url: "http://127.0.0.1:9/v3.6/agent/action/set_routing_status",
      method: "POST",
      body: { status: "not_accepting_chats", agent_id: "smith@example.com" },
    });
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from("acc-1:dal:secret").toString("base64")}`);
  });

  it("uses Bearer (+ X-Region for region-prefixed tokens), the default URL and the chosen version", async () => {
    const seen = stubFetch(200, "{}");
    const client = new LivechatClient({ auth: { kind: "bearer", token: "fra:abc" }, version: "v3.5" });
    await client.enableLicenseWebhooks("client-1");
    expect(seen[0]?.url).toBe("https://api.livechatinc.com/v3.5/configuration/action/enable_license_webhooks");
    expect(seen[0]?.headers).toMatchObject({ authorization: "Bearer fra:abc", "x-region": "fra" });
    expect(seen[0]?.body).toEqual({ owner_client_id: "client-1" });
  });

  it("renames list_chats' active filter for v3.5 and sends only page_id for later pages", async () => {
    const seen = stubFetch(200, '{"chats_summary": [], "found_chats": 0}');
    await new LivechatClient({ auth: { kind: "bearer", token: "t" }, version: "v3.5" }).listChats({ active: true });
    await pat.listChats({ active: true, groupIds: [0], limit: 10 });
    await pat.listChats({ pageId: "MTUx" });
    expect(seen.map((s) => s.body)).toEqual([
      { filters: { include_active: true } },
      { filters: { active: true, group_ids: [0] }, limit: 10 },
      { page_id: "MTUx" },
    ]);
  });

  it("writes session fields through update_customer as a list of single-key objects", async () => {
    const seen = stubFetch(200, "{}");
    await pat.updateCustomerSessionFields("cust-1", { switchboard_id: "cus_1", plan: "gold" });
    expect(seen[0]?.url).toMatch(/\/agent\/action\/update_customer$/);
    expect(seen[0]?.body).toEqual({ id: "cust-1", session_fields: [{ switchboard_id: "cus_1" }, { plan: "gold" }] });
  });

  it("sends app-defined system messages with their type", async () => {
    const seen = stubFetch(200, '{"event_id": "K600PKZON8_9"}');
    const result = await pat.sendEvent({
      chatId: "PJ0MRSHTDG",
      event: { type: "system_message", text: "Call started", systemMessageType: "switchboard.call" },
    });
    expect(result).toEqual({ ok: true, value: { eventId: "K600PKZON8_9" } });
    expect(seen[0]?.body).toEqual({
      chat_id: "PJ0MRSHTDG",
      event: {
        type: "system_message",
        text: "Call started",
        visibility: "all",
        system_message_type: "switchboard.call",
      },
    });
  });
});

describe.skipIf(!SHARED_DIR)("LivechatClient responses (the docs' own examples)", () => {
  it("parses list_routing_statuses, list_agents (space-spelled login_status) and webhooks state", async () => {
    stubFetch(200, example("agent-chat-api/v3.6/methods/list_routing_statuses.response.json"));
    expect(await pat.listRoutingStatuses({ groupIds: [0] })).toEqual({
      ok: true,
      value: [
        { agentId: "smith@example.com", status: "accepting_chats" },
        { agentId: "agent@example.com", status: "not_accepting_chats" },
      ],
    });
    stubFetch(200, example("configuration-api/v3.6/methods/list_agents.response.json"));
    const agents = await pat.listAgents();
    expect(agents.ok && agents.value[1]).toEqual({
      id: "jones@example.com",
      name: "Jones",
      accountId: "2fca3315-f6b2-422f-8550-c84b649cef1a",
      role: "viceowner",
      loginStatus: "accepting_chats",
    });
    stubFetch(200, example("configuration-api/v3.6/methods/get_license_webhooks_state.response.json"));
    expect(await pat.getLicenseWebhooksState("c")).toEqual({ ok: true, value: { enabled: true } });
  });

  it("reduces get_chat and get_customer to domain shapes", async () => {
    stubFetch(200, example("agent-chat-api/v3.6/methods/get_chat.response.json"));
    const chat = await pat.getChat({ chatId: "PJ0MRSHTDG" });
    expect(chat.ok && chat.value).toMatchObject({
      chatId: "PJ0MRSHTDG",
      threadId: "K600PKZON8",
      active: true,
      agentIds: ["smith@example.com"],
      customer: { platformId: "b7eff798-f8df-4364-8059-649c35c9ed0c" },
      messages: [{ id: "Q20N9CKRX2_1", authorType: "agent", text: "Hello", at: "2019-12-17T07:57:41.512Z" }],
    });
    stubFetch(200, example("agent-chat-api/v3.6/methods/get_customer.response.json"));
    expect(await pat.getCustomer("b7eff798-f8df-4364-8059-649c35c9ed0c")).toEqual({
      ok: true,
      value: {
        customer: {
          platformId: "b7eff798-f8df-4364-8059-649c35c9ed0c",
          name: "Thomas Anderson",
          email: "t.anderson@example.com",
        },
        chatIds: ["PWJ8Y4THAV"],
      },
    });
  });

  it("reports an unexpected success body as invalid_response", async () => {
    stubFetch(200, '{"unexpected": true}');
    expect(await pat.registerWebhook(registration)).toMatchObject({ ok: false, error: { kind: "invalid_response" } });
    stubFetch(200, "<html>proxy</html>");
    expect(await pat.listWebhooks("c")).toMatchObject({ ok: false, error: { kind: "invalid_response" } });
  });
});

const registration = {
  url: "https://hub.example.com/webhooks/livechat/conn_1",
  action: "incoming_event",
  secretKey: "s3cret",
  ownerClientId: "client-1",
  type: "license" as const,
};

describe("LivechatClient error classification", () => {
  const lcError = (type: string, message = "msg") => JSON.stringify({ error: { type, message } });

  it("too_many_requests is retryable with Retry-After, whatever the status", async () => {
    for (const status of [429, 400, 403]) {
      stubFetch(status, lcError("too_many_requests", "Too many requests"), { "retry-after": "7" });
      expect(await pat.listRoutingStatuses()).toEqual({
        ok: false,
        error: {
          kind: "http",
          status,
          code: "too_many_requests",
          message: "Too many requests",
          retryable: true,
          retryAfterMs: 7000,
        },
      });
    }
  });

  it("internal and bare 5xx are retryable; validation and not_found are not", async () => {
    stubFetch(500, lcError("internal"));
    expect(await pat.getCustomer("x")).toMatchObject({ ok: false, error: { code: "internal", retryable: true } });
    stubFetch(502, "Bad gateway");
    expect(await pat.getCustomer("x")).toMatchObject({ ok: false, error: { status: 502, retryable: true } });
    stubFetch(400, lcError("validation", "`id` is required"));
    expect(await pat.getCustomer("")).toMatchObject({
      ok: false,
      error: { kind: "http", code: "validation", message: "`id` is required", retryable: false },
    });
    stubFetch(500, lcError("not_found"));
    expect(await pat.getCustomer("x")).toMatchObject({ ok: false, error: { code: "not_found", retryable: false } });
  });

  it("authentication is an auth error, not retryable, even under a 403 or a 200", async () => {
    for (const status of [401, 403, 200]) {
      stubFetch(status, lcError("authentication", "Invalid access token"));
      expect(await pat.listAgents()).toMatchObject({
        ok: false,
        error: { kind: "auth", code: "authentication", message: "Invalid access token", retryable: false },
      });
    }
  });

  it("network failures are retryable", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    expect(await pat.listWebhooks("c")).toMatchObject({ ok: false, error: { kind: "network", retryable: true } });
  });
});
