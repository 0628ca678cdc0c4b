import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_LIVECHAT_CREDENTIALS } from "./constants.ts";
import type { Harness } from "./test-support.ts";
import { BEARER, startSim } from "./test-support.ts";

let h: Harness;
beforeEach(async () => {
  h = await startSim();
});
afterEach(async () => {
  await h.sim.close();
});

describe("authentication", () => {
  it("accepts the PAT as Basic base64(account_id:PAT) and the OAuth token as Bearer", async () => {
    expect((await h.call("agent", "list_routing_statuses")).status).toBe(200);
    expect((await h.call("agent", "list_routing_statuses", {}, { authorization: BEARER })).status).toBe(200);
  });

  it.each([
    ["missing", null],
    ["wrong PAT", `Basic ${Buffer.from(`${DEFAULT_LIVECHAT_CREDENTIALS.accountId}:nope`).toString("base64")}`],
    ["wrong account", `Basic ${Buffer.from(`someone:${DEFAULT_LIVECHAT_CREDENTIALS.pat}`).toString("base64")}`],
    ["PAT sent as Bearer", `Bearer ${DEFAULT_LIVECHAT_CREDENTIALS.pat}`],
    ["unknown bearer", "Bearer dal:not-a-token"],
  ])("answers 401 authentication for %s credentials", async (_label, authorization) => {
    const res = await h.call("agent", "list_routing_statuses", {}, { authorization });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { type: "authentication" } });
    expect(typeof (res.body as { error: { message: unknown } }).error.message).toBe("string");
  });

  it("honours credential overrides", async () => {
    const other = await startSim({ credentials: { pat: "dal:custom" } });
    try {
      expect((await other.call("agent", "list_routing_statuses")).status).toBe(401);
      const basic = `Basic ${Buffer.from(`${DEFAULT_LIVECHAT_CREDENTIALS.accountId}:dal:custom`).toString("base64")}`;
      expect((await other.call("agent", "list_routing_statuses", {}, { authorization: basic })).status).toBe(200);
    } finally {
      await other.sim.close();
    }
  });

  it("serves working credentials on /_sim/credentials", async () => {
    const { body } = await h.control("GET", "/_sim/credentials");
    const creds = body as Record<string, string>;
    expect(creds.organizationId).toBe(DEFAULT_LIVECHAT_CREDENTIALS.organizationId);
    expect(creds.ownerAgentId).toBe("ada@switchboard.demo");
    const res = await h.call("agent", "list_routing_statuses", {}, { authorization: creds.basicAuthorization ?? "" });
    expect(res.status).toBe(200);
  });

  it("answers misdirected_request with the right region for another data center", async () => {
    const res = await h.call("agent", "list_routing_statuses", {}, { headers: { "x-region": "fra" } });
    expect(res.status).toBe(421);
    expect(res.body).toEqual({
      error: { type: "misdirected_request", message: "Wrong region", data: { region: "dal" } },
    });
  });
});

describe("errors and versions", () => {
  it("answers unknown routes and actions with 404 not_found", async () => {
    expect((await h.control("GET", "/v3.6/nothing/here")).body).toMatchObject({ error: { type: "not_found" } });
    const res = await h.call("agent", "no_such_action");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { type: "not_found" } });
  });

  it("answers malformed JSON and bad fields with 400 validation, never 5xx", async () => {
    const raw = await fetch(`${h.baseUrl}/v3.6/agent/action/set_routing_status`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: h.sim.credentials.basicAuthorization as string },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: "validation" } });
    const missing = await h.call("agent", "set_routing_status", {});
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: { type: "validation", message: "`status` is required" } });
    const wrongType = await h.call("agent", "set_routing_status", { status: "busy" });
    expect(wrongType.body).toMatchObject({ error: { type: "validation" } });
    const wrongContent = await fetch(`${h.baseUrl}/v3.6/agent/action/list_chats`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: h.sim.credentials.basicAuthorization as string },
      body: "hello",
    });
    expect(wrongContent.status).toBe(400);
  });

  it("treats an empty JSON body as no parameters", async () => {
    const res = await fetch(`${h.baseUrl}/v3.6/agent/action/list_routing_statuses`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: h.sim.credentials.basicAuthorization as string },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(8);
  });

  it("serves v3.5 with a Legacy header, the header-versioned path, and rejects unsupported versions", async () => {
    const legacy = await h.call("agent", "list_routing_statuses", {}, { version: "v3.5" });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get("legacy")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await h.call("agent", "list_routing_statuses")).headers.get("legacy")).toBeNull();
    const old = await h.call("agent", "list_routing_statuses", {}, { version: "v3.3" });
    expect(old.body).toMatchObject({ error: { type: "unsupported_version" } });
    const viaHeader = await fetch(`${h.baseUrl}/agent/action/list_customers`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: h.sim.credentials.basicAuthorization as string,
        "x-api-version": "3.5",
      },
      body: "{}",
    });
    expect(viaHeader.status).toBe(200);
  });

  it("injects faults with LiveChat's error body for the status", async () => {
    await h.control("POST", "/_sim/faults", { http: [{ path: "set_routing_status", status: 429, retryAfter: 7 }] });
    const limited = await h.call("agent", "set_routing_status", { status: "not_accepting_chats" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.body).toMatchObject({ error: { type: "too_many_requests" } });
    expect((await h.call("agent", "set_routing_status", { status: "not_accepting_chats" })).status).toBe(200);
    await h.control("POST", "/_sim/faults", { http: [{ path: "list_agents", status: 503 }] });
    expect((await h.call("configuration", "list_agents")).body).toMatchObject({
      error: { type: "service_unavailable" },
    });
  });

  it("records requests for inspection", async () => {
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats" });
    const { body } = await h.control("GET", "/_sim/requests?path=set_routing_status");
    expect(body).toHaveLength(1);
    expect((body as { body: unknown }[])[0]?.body).toEqual({ status: "not_accepting_chats" });
  });

  it("applies the optional rate limit as too_many_requests", async () => {
    const limited = await startSim({ rateLimit: { max: 2, windowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.call("agent", "list_routing_statuses")).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.sim.close();
    }
  });
});

describe("reset", () => {
  it("returns to the seeded demo state", async () => {
    await h.call("agent", "set_routing_status", { status: "not_accepting_chats", agent_id: "grace@switchboard.demo" });
    await h.control("POST", "/_sim/chats", { agentId: "alan@switchboard.demo", customer: { name: "X" } });
    await h.control("POST", "/_sim/reset");
    const statuses = (await h.call("agent", "list_routing_statuses")).body as { status: string }[];
    expect(statuses.every((s) => s.status === "accepting_chats")).toBe(true);
    expect((await h.call("agent", "list_chats")).body).toMatchObject({ found_chats: 0 });
  });
});
