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
