import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maintainSubscriptions } from "../../src/connections/maintain.ts";
import { startTestHub, type TestHub } from "../helpers/hub.ts";
import { post } from "../helpers/sandbox-state.ts";

/** Connecting validates credentials against the platform and registers webhooks; the subscription manager repairs RingCentral's. */
let hub: TestHub;
type Connection = {
  id: string;
  platform: string;
  status: string;
  connectResult?: {
    ok: boolean;
    steps: Array<{ step: string; ok: boolean; detail?: string }>;
    remote?: Record<string, unknown>;
  };
};

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
});
afterAll(async () => hub?.stop());

const connectionsByPlatform = async () => {
  const res = await hub.api("GET", "/api/connections");
  return Object.fromEntries((res.body as { items: Connection[] }).items.map((c) => [c.platform, c])) as Record<
    string,
    Connection
  >;
};

describe("connecting a connection", () => {
  it("connects all three sandboxes: webhooks registered, subscription created, agents discovered", async () => {
    const all = await connectionsByPlatform();
    for (const platform of ["livechat", "ringcentral", "chatwoot"]) {
      const res = await hub.api("POST", `/api/connections/${all[platform]?.id}/connect`);
      expect(res.status).toBe(200);
      const result = res.body as NonNullable<Connection["connectResult"]>;
      expect(result.steps.filter((s) => !s.ok)).toEqual([]);
      expect(result.ok).toBe(true);
    }
    const hooks = (await (await fetch(`${hub.sandboxes?.livechat.url}/_sim/webhooks`)).json()) as Array<{
      action: string;
      url: string;
    }>;
    expect(hooks.filter((h) => h.url.includes(all.livechat?.id ?? "?")).map((h) => h.action)).toEqual(
      expect.arrayContaining(["incoming_chat", "incoming_event", "chat_deactivated", "routing_status_set"]),
    );
    const subs = (await (await fetch(`${hub.sandboxes?.ringcentral.url}/_sim/subscriptions`)).json()) as Array<{
      status: string;
    }>;
    expect(subs.some((s) => s.status === "Active")).toBe(true);
  });

  it("discovers the 8 demo agents and not the Chatwoot token's own user; the default intent has no made-up time", async () => {
    type Agent = { email: string | null; intent: { source: string; at: string | null } };
    const agents = async () => ((await hub.api("GET", "/api/agents")).body as { items: Agent[] }).items;
    const listed = await agents();
    expect(listed.map((a) => a.email).sort()).toHaveLength(8);
    expect(listed.map((a) => a.email)).not.toContain("admin@switchboard.demo");
    for (const a of listed.filter((x) => x.intent.source === "default")) expect(a.intent.at).toBeNull();
    const stats = (await hub.api("GET", "/api/stats")).body as { agents: { total: number } };
    expect(stats.agents.total).toBe(8);

    // A hub that linked the integration's user as an agent before this fix: reconnecting removes it again.
    const cw = (await connectionsByPlatform()).chatwoot;
    const pool = hub.deps.database.pool;
    const ws = (await pool.query("select workspace_id from connections where id = $1", [cw?.id])).rows[0]
      ?.workspace_id as string;
    await pool.query(
      "insert into agents (id, workspace_id, name, email) values ('agt_legacyadmin', $1, 'Switchboard Admin', 'admin@switchboard.demo')",
      [ws],
    );
    await pool.query(
      "insert into agent_identities (id, workspace_id, agent_id, connection_id, platform, external_id, email) values ('agt_legacyident', $1, 'agt_legacyadmin', $2, 'chatwoot', '1', 'admin@switchboard.demo')",
      [ws, cw?.id],
    );
    expect(await agents()).toHaveLength(9);
    const res = await hub.api("POST", `/api/connections/${cw?.id}/connect`);
    const steps = (res.body as NonNullable<Connection["connectResult"]>).steps;
    expect(steps.find((s) => s.step === "validate token (list agents)")?.detail).toContain(
      "Switchboard Admin is the token's own user, not an agent",
    );
    expect(steps.find((s) => s.step === "discover agents")?.detail).toContain("1 removed");
    expect((await agents()).map((a) => a.email)).not.toContain("admin@switchboard.demo");
  });

  it("reports wrong credentials as a failed step with the platform's message, never a 5xx", async () => {
    const created = await hub.api("POST", "/api/connections", {
      platform: "chatwoot",
      name: "wrong token",
      credentials: { apiAccessToken: "not-a-real-token" },
      settings: { baseUrl: hub.sandboxes?.chatwoot.url, accountId: 1 },
    });
    const res = await hub.api("POST", `/api/connections/${(created.body as { id: string }).id}/connect`);
    expect(res.status).toBe(200);
    const result = res.body as NonNullable<Connection["connectResult"]>;
    expect(result.ok).toBe(false);
    expect(result.steps[0]?.detail).toMatch(/401/);
    const after = await hub.api("GET", `/api/connections/${(created.body as { id: string }).id}`);
    expect((after.body as Connection).status).toBe("error");
  });

  it("re-creates a blacklisted RingCentral subscription", async () => {
    const rc = (await connectionsByPlatform()).ringcentral;
    const before = rc?.connectResult?.remote?.subscriptionId;
    expect(typeof before).toBe("string");
    await post(`${hub.sandboxes?.ringcentral.url}/_sim/subscriptions/${String(before)}/blacklist`);
    const report = await maintainSubscriptions(hub.deps);
    expect(report.find((r) => r.connectionId === rc?.id)).toMatchObject({ action: "recreate", status: "Active" });
    const after = (await connectionsByPlatform()).ringcentral?.connectResult?.remote?.subscriptionId;
    expect(after).not.toBe(before);
    const again = await maintainSubscriptions(hub.deps);
    expect(again.find((r) => r.connectionId === rc?.id)?.action).toBe("keep");
  });
});
