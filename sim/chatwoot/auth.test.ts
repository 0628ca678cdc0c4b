import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHATWOOT_DEMO } from "./constants.ts";
import { agentToken, type Harness, obj, startSim } from "./test-support.ts";

let h: Harness;
beforeAll(async () => {
  h = await startSim();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.api("POST", "/_sim/reset");
});

const bot = CHATWOOT_DEMO.agentBotToken;

describe("authentication and errors", () => {
  it("answers 401 Invalid Access Token for an unknown token", async () => {
    const res = await h.api("GET", `${h.account}/agents`, { token: "nope" });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "Invalid Access Token" });
  });

  it("answers 401 with devise's body when no token is sent", async () => {
    const res = await h.api("GET", `${h.account}/agents`, { token: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ errors: ["You need to sign in or sign up before continuing."] });
  });

  it("accepts the header spelled with dashes too (Rack maps both to one key)", async () => {
    const res = await fetch(`${h.base}${h.account}/agents`, {
      headers: { "api-access-token": CHATWOOT_DEMO.adminToken },
    });
    expect(res.status).toBe(200);
  });

  it("limits the agent-bot token to its whitelist", async () => {
    const created = await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { name: "A" }, text: "hi" },
    });
    const id = obj(created.json).conversationId;
    const list = await h.api("GET", `${h.account}/conversations/${id}/messages`, { token: bot });
    expect(list.status).toBe(401);
    expect(list.json).toEqual({ error: "Access to this endpoint is not authorized for bots" });
    expect((await h.api("GET", `${h.account}/contacts`, { token: bot })).status).toBe(401);
    expect((await h.api("GET", "/api/v1/profile", { token: bot })).status).toBe(401);
    expect((await h.api("GET", `${h.account}/conversations/${id}`, { token: bot })).status).toBe(200);
    const reply = await h.api("POST", `${h.account}/conversations/${id}/messages`, {
      token: bot,
      body: { content: "bot here" },
    });
    expect(reply.status).toBe(200);
    expect(obj(reply.json)).toMatchObject({ message_type: 1, sender: { type: "agent_bot", id: 1 } });
    expect((await h.api("GET", `${h.account}/conversations/${id}/labels`, { token: bot })).status).toBe(200);
  });

  it("refuses admin-only routes to agents with Pundit's body", async () => {
    const res = await h.api("PATCH", `${h.account}/agents/3`, { token: agentToken(1), body: { availability: "busy" } });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "You are not authorized to do this action" });
  });

  it("answers 404 for another account, unknown ids and unknown routes", async () => {
    expect((await h.api("GET", "/api/v1/accounts/999/agents")).status).toBe(404);
    const missing = await h.api("GET", `${h.account}/conversations/4242`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: "Resource could not be found" });
    const route = await h.api("GET", "/api/v1/nothing/here");
    expect(route.status).toBe(404);
    expect(route.json).toEqual({ error: "Resource could not be found" });
    expect((await h.api("GET", `${h.account}/conversations/abc`)).status).toBe(404);
  });

  it("never answers 5xx to malformed input", async () => {
    const bad = await h.api("POST", `${h.account}/contacts`, { raw: "{not json" });
    expect(bad.status).toBe(400);
    const created = await h.api("POST", "/_sim/conversations", {
      body: { inboxId: 1, contact: { name: "A" }, text: "x" },
    });
    const id = obj(created.json).conversationId;
    const status = await h.api("POST", `${h.account}/conversations/${id}/toggle_status`, { body: { status: "gone" } });
    expect(status.status).toBe(422);
    expect(status.json).toEqual({ error: "'gone' is not a valid status" });
    const weird = await h.api("POST", `${h.account}/conversations/${id}/messages`, { body: { content: { a: 1 } } });
    expect(weird.status).toBe(422);
    const agents = await h.api("PATCH", `${h.account}/agents/2`, { body: { availability: "sleepy" } });
    expect(agents.status).toBe(422);
    const sim = await h.api("POST", "/_sim/conversations", { body: { inboxId: "x" } });
    expect(sim.status).toBe(400);
  });

  it("injects faults with Chatwoot's bodies and Retry-After", async () => {
    await h.api("POST", "/_sim/faults", {
      body: {
        http: [
          { path: "/agents", status: 429, retryAfter: 7 },
          { path: "/profile", status: 500 },
        ],
      },
    });
    const throttled = await h.api("GET", `${h.account}/agents`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.text).toBe("Retry later\n");
    const failed = await h.api("GET", "/api/v1/profile");
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ status: 500, error: "Internal Server Error" });
    expect((await h.api("GET", `${h.account}/agents`)).status).toBe(200);
    const recorded = await h.api("GET", "/_sim/requests?path=/agents");
    expect(Array.isArray(recorded.json) && recorded.json.length).toBe(2);
  });

  it("serves the demo credentials", async () => {
    const creds = obj((await h.api("GET", "/_sim/credentials", { token: null })).json);
    expect(creds).toMatchObject({ accountId: 1, header: "api_access_token" });
    expect(obj(creds.admin).accessToken).toBe(CHATWOOT_DEMO.adminToken);
    expect(obj(creds.agentBot).accessToken).toBe(bot);
    expect(obj(creds.apiInbox)).toMatchObject({ id: 1, secret: CHATWOOT_DEMO.apiInboxSecret });
    expect(Array.isArray(creds.agents) && creds.agents.length).toBe(8);
  });
});
