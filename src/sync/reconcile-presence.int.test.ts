import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { agentIdentities, agents, connections } from "../db/schema/index.ts";
import { reconcileTick } from "./reconcile-tick.ts";

/**
 * Reconciliation reads RingCentral presence once per page of the account (`GET /account/~/presence`, Heavy),
 * not once per extension (a Light request each: 500 a tick at 500 agents), and at most every 30 s.
 * No worker runs here: the sandbox's presence webhooks are stored but never processed, as if they were lost,
 * so only the reconciliation read can tell the hub about the change.
 */
let hub: TestHub;
let rcUrl = "";
let connectionId = "";

beforeAll(async () => {
  hub = await startTestHub({ sandboxes: true });
  rcUrl = hub.sandboxes?.ringcentral.url ?? "";
  const [rc] = await hub.deps.database.db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, hub.workspaceId), eq(connections.platform, "ringcentral")));
  connectionId = rc?.id ?? "";
});

afterAll(async () => {
  await hub.stop();
});

const sim = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${rcUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<unknown>;
};

const presenceReads = async () =>
  ((await sim("GET", "/_sim/requests?path=/presence&method=GET")) as Array<{ path: string }>).map((r) => r.path);

describe("reconciliation's RingCentral read", () => {
  it("reads every extension's presence in one account request, and not again within 30 s", async () => {
    const identities = await hub.deps.database.db
      .select()
      .from(agentIdentities)
      .where(eq(agentIdentities.connectionId, connectionId));
    expect(identities.length).toBeGreaterThan(1);
    const [first] = identities;
    if (!first) throw new Error("no RingCentral identity");
    // The person goes Busy on the phone; the hub never processes the webhook.
    await sim("POST", `/_sim/extensions/${first.externalId}/presence`, { userStatus: "Busy" });
    await sim("DELETE", "/_sim/requests");

    await reconcileTick(hub.deps, 0);

    const reads = await presenceReads();
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/\/restapi\/v1\.0\/account\/[^/]+\/presence$/);
    const [agent] = await hub.deps.database.db.select().from(agents).where(eq(agents.id, first.agentId));
    const actuals = (agent?.actuals ?? {}) as { ringcentral?: { state?: { userStatus?: string } } };
    expect(actuals.ringcentral?.state?.userStatus).toBe("Busy");

    // The next tick comes sooner than 30 s: RingCentral is not read again (Heavy group, 10 requests a minute).
    await reconcileTick(hub.deps, 1);
    expect(await presenceReads()).toHaveLength(1);
  });
});
