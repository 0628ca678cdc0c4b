import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandboxes, startSandboxes } from "../../sim/start.ts";
import { wireSandboxWorkspace } from "../../src/sandbox/bootstrap.ts";
import { ADA, adaNow } from "../helpers/availability-scenario.ts";
import { initialWritesSettled, startTestHub, type TestHub } from "../helpers/hub.ts";
import { post, settle } from "../helpers/sandbox-state.ts";

/**
 * Connecting a workspace writes every agent's initial state ("accepting" on LiveChat, "online" on Chatwoot). A
 * call that lands while those writes are still in flight must win: the start-up writes never delay or override
 * the call's target state. The platforms answer the start-up writes slowly here (a sandbox delay fault), so the
 * call is certain to arrive while they are on their way.
 */
let hub: TestHub;
let sandboxes: Sandboxes;
let urls: { livechat: string; ringcentral: string; chatwoot: string };

beforeAll(async () => {
  hub = await startTestHub({ worker: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  sandboxes = await startSandboxes({ ports: { livechat: 0, ringcentral: 0, chatwoot: 0 } });
  urls = { livechat: sandboxes.livechat.url, ringcentral: sandboxes.ringcentral.url, chatwoot: sandboxes.chatwoot.url };
  // Ada was left "busy" on Chatwoot while the hub was away: the connect-time read sees it (Chatwoot is read at
  // once, it sends no webhooks), and the start-up write sets her "online" again.
  const cwAgents = (await (await fetch(`${urls.chatwoot}/_sim/agents`)).json()) as Array<{ id: number; email: string }>;
  const adaOnChatwoot = cwAgents.find((a) => a.email === ADA.email)?.id;
  await post(`${urls.chatwoot}/_sim/agents/${adaOnChatwoot}/availability`, { availability: "busy" });
  await post(`${urls.livechat}/_sim/faults`, {
    http: [{ path: "set_routing_status", method: "POST", count: 8, delayMs: 1500 }],
  });
  await post(`${urls.chatwoot}/_sim/faults`, {
    http: [{ path: "/agents/", method: "PATCH", count: 8, delayMs: 1500 }],
  });
  await wireSandboxWorkspace(hub.deps, hub.workspaceId, sandboxes);
}, 120_000);
afterAll(async () => {
  await sandboxes?.close();
  await hub?.stop();
});

type CommandRow = { id: string; kind: string; target: Record<string, string>; status: string; cause: string };

const adaCommands = async (kind: string) =>
  (
    await hub.deps.database.pool.query<CommandRow>(
      `select c.id, c.kind, c.payload->'target' as target, c.status, c.cause from commands c
       join agents a on a.id = c.agent_id where a.email = $1 and c.kind = $2 order by c.id`,
      [ADA.email, kind],
    )
  ).rows;

describe("start-up writes and a call landing while they are in flight", () => {
  it("the call's target state wins on every chat platform, decided by the call itself", async () => {
    // Ada's start-up "accepting" write is on its way (sent, the platform not yet answering).
    const inFlight = await settle(
      () => adaCommands("livechat.set_routing_status"),
      (rows) => rows.some((r) => r.target.routingStatus === "accepting_chats" && r.status === "running"),
    );
    expect(inFlight.value.map((r) => [r.target.routingStatus, r.status])).toContainEqual([
      "accepting_chats",
      "running",
    ]);

    const call = await post(`${urls.ringcentral}/_sim/calls`, {
      extensionId: ADA.extension,
      direction: "Inbound",
      from: "+14155550101",
      to: "+16505551001",
    });
    expect(call.telephonySessionId).toBeTruthy();
    await sandboxes.ringcentral.sim.webhooks.idle();
    await settle(
      async () =>
        (
          await hub.deps.database.pool.query<{ n: string }>(
            "select count(*)::text as n from webhook_events where platform = 'ringcentral' and status = 'received'",
          )
        ).rows[0]?.n,
      (n) => n === "0",
    );
    await initialWritesSettled(hub);
    await sandboxes.livechat.sim.webhooks.idle();
    await initialWritesSettled(hub);

    const livechat = await adaCommands("livechat.set_routing_status");
    const chatwoot = await adaCommands("chatwoot.set_availability");
    const evidence = JSON.stringify({ livechat, chatwoot });
    expect(await adaNow(urls), evidence).toMatchObject({ livechat: "not_accepting_chats", chatwoot: "busy" });
    // The pause was decided when the call arrived (caused by its webhook), not repaired after the start-up write
    // landed (caused by that command's success), and nothing wrote "accepting" after it.
    const pause = livechat.find((c) => c.target.routingStatus === "not_accepting_chats");
    expect(pause?.cause, evidence).toMatch(/^evt_/);
    const busy = chatwoot.find((c) => c.target.availability === "busy");
    expect(busy?.cause, evidence).toMatch(/^evt_/);
    expect(livechat.at(-1)?.target.routingStatus, evidence).toBe("not_accepting_chats");
    expect(chatwoot.at(-1)?.target.availability, evidence).toBe("busy");
  }, 90_000);
});
