import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initialWritesSettled, startTestHub, type TestHub } from "../helpers/hub.ts";
import { post, settle } from "../helpers/sandbox-state.ts";

/**
 * Every write to a platform is a durable command: retried with backoff on platform faults, honouring Retry-After,
 * dead-lettered when it cannot succeed, and retried by a person from the API.
 */
let hub: TestHub;
let lc: string;
let rc: string;

beforeAll(async () => {
  hub = await startTestHub({ worker: true, sandboxes: true, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  if (!hub.sandboxes) throw new Error("no sandboxes");
  lc = hub.sandboxes.livechat.url;
  rc = hub.sandboxes.ringcentral.url;
  // Connecting writes every agent's initial state: only this test's commands must meet the injected faults.
  await initialWritesSettled(hub);
  await fetch(`${lc}/_sim/requests`, { method: "DELETE" });
  baseline = new Set(
    ((await hub.api("GET", "/api/commands?limit=200")).body as { items: Command[] }).items.map((c) => c.id),
  );
});
afterAll(async () => hub?.stop());

type Command = {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  agentId: string | null;
};

let baseline = new Set<string>();
/** New commands of one kind for one agent (by email): other agents' background writes never count. */
async function commands(kind: string, email: string): Promise<Command[]> {
  const agents = (await hub.api("GET", "/api/agents")).body as { items: Array<{ id: string; email: string }> };
  const agentId = agents.items.find((a) => a.email === email)?.id;
  const res = await hub.api("GET", `/api/commands?limit=200&agentId=${agentId}`);
  return (res.body as { items: Command[] }).items.filter((c) => c.kind === kind && !baseline.has(c.id));
}

const startCall = (extensionId: string) =>
  post(`${rc}/_sim/calls`, { extensionId, direction: "Inbound", from: "+14155550103", to: "+16505551003" });
const endCall = (id: unknown) => post(`${rc}/_sim/calls/${String(id)}/end`);

describe("commands under platform faults", () => {
  it("retries a command through 500s and a 429 with Retry-After, then succeeds", async () => {
    await post(`${lc}/_sim/faults`, {
      http: [
        { path: "set_routing_status", status: 500, count: 2 },
        { path: "set_routing_status", status: 429, retryAfter: 1, count: 1 },
      ],
    });
    const call = await startCall("103");
    const done = await settle(
      () => commands("livechat.set_routing_status", "alan@switchboard.demo"),
      (list) => list.some((c) => c.status === "succeeded"),
      20_000,
    );
    // Three refused sends, then success: whether one command carried them all or a newer decision for the same
    // target took over part-way (the older one is then superseded), the platform saw exactly four writes. The 429
    // was a wait for a rate-limit window, not a failed attempt: three attempts in all.
    const list = done.value;
    expect(list.filter((c) => c.status === "succeeded")).toHaveLength(1);
    expect(list.reduce((n, c) => n + c.attempts, 0)).toBe(3);
    expect(list.every((c) => ["succeeded", "superseded"].includes(c.status))).toBe(true);
    const sent = (await (await fetch(`${lc}/_sim/requests?path=set_routing_status`)).json()) as Array<{
      body: { agent_id?: string };
    }>;
    expect(sent.filter((r) => r.body.agent_id === "alan@switchboard.demo")).toHaveLength(4);
    const agents = (await (await fetch(`${lc}/_sim/agents`)).json()) as Array<{ id: string; routingStatus: string }>;
    expect(agents.find((a) => a.id === "alan@switchboard.demo")?.routingStatus).toBe("not_accepting_chats");
    await endCall(call.telephonySessionId);
    await settle(
      () => commands("livechat.set_routing_status", "alan@switchboard.demo"),
      (list) => list.filter((c) => c.status === "succeeded").length >= 2,
    );
  });

  it("dead-letters a command the platform refuses (400), and a person's retry succeeds once the cause is gone", async () => {
    await post(`${lc}/_sim/faults`, {
      http: [
        {
          path: "set_routing_status",
          status: 400,
          count: 1,
          body: { error: { type: "validation", message: "agent_id is invalid" } },
        },
      ],
    });
    const before = (await commands("livechat.set_routing_status", "katherine@switchboard.demo")).length;
    const call = await startCall("104");
    const dead = await settle(
      () => commands("livechat.set_routing_status", "katherine@switchboard.demo"),
      (list) => list.length > before && list.some((c) => c.status === "dead"),
    );
    const command = dead.value.find((c) => c.status === "dead");
    expect(command?.attempts).toBe(1);
    expect(command?.lastError).toContain("agent_id is invalid");

    const retry = await hub.api("POST", `/api/commands/${command?.id}/retry`);
    expect(retry.status).toBe(202);
    // The retried command succeeds — or, when the engine has meanwhile issued a newer command for the same agent and
    // platform, gives way to it (target state: only the latest matters). Either way the platform reaches the target.
    const after = await settle(
      () => commands("livechat.set_routing_status", "katherine@switchboard.demo"),
      (list) => ["succeeded", "superseded"].includes(list.find((c) => c.id === command?.id)?.status ?? ""),
    );
    expect(["succeeded", "superseded"]).toContain(after.value.find((c) => c.id === command?.id)?.status);
    const status = await settle(
      async () =>
        ((await (await fetch(`${lc}/_sim/agents`)).json()) as Array<{ id: string; routingStatus: string }>).find(
          (a) => a.id === "katherine@switchboard.demo",
        )?.routingStatus,
      (s) => s === "not_accepting_chats",
    );
    expect(status.value).toBe("not_accepting_chats");
    await endCall(call.telephonySessionId);
  });

  it("refuses to retry a command that already succeeded", async () => {
    const [ok] = (await commands("livechat.set_routing_status", "katherine@switchboard.demo")).filter(
      (c) => c.status === "succeeded",
    );
    expect((await hub.api("POST", `/api/commands/${ok?.id}/retry`)).status).toBe(409);
  });
});
