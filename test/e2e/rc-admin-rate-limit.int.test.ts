import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { connections } from "../../src/db/schema/index.ts";
import { type HubCluster, startHubCluster } from "../helpers/hub-cluster.ts";

/**
 * Three web processes share one RingCentral connection whose Heavy budget is RingCentral's default, 10 a minute
 * (the sandbox enforces it and answers 429 + CMN-301 past it). Each process fires Heavy admin reads at once: the
 * shared budget in PostgreSQL lets through only what fits, the rest get the hub's own 429 with Retry-After, and
 * the sandbox never has to refuse anything.
 */
let cluster: HubCluster;
let connectionId: string;
beforeAll(async () => {
  cluster = await startHubCluster({ webs: 3, workers: 0, readyTimeoutMs: 150_000 });
  const [row] = await cluster.deps.database.db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, cluster.workspaceId), eq(connections.platform, "ringcentral")));
  if (!row) throw new Error("no RingCentral connection");
  connectionId = row.id;
}, 400_000);
afterAll(async () => {
  await cluster?.stop();
});

const recorded = z.array(z.looseObject({ method: z.string(), path: z.string() }));

describe("RingCentral admin traffic from 3 hub processes", () => {
  it("stays inside one Heavy budget of 10/min: the sandbox sees 0 × 429", async () => {
    const path = `/api/ringcentral/${connectionId}/restapi/v1.0/account/~/phone-number`;
    const answers = await Promise.all(
      [0, 1, 2].flatMap((web) => Array.from({ length: 6 }, () => cluster.api(web, "GET", path))),
    );
    const ok = answers.filter((a) => a.status === 200).length;
    const refused = answers.filter((a) => a.status === 429);
    const sim = recorded.parse(
      await (await fetch(`${cluster.sandboxes.ringcentral.url}/_sim/requests?path=/phone-number`)).json(),
    );
    const reached = sim.filter((r) => r.method === "GET" && r.path.endsWith("/phone-number")).length;
    // Everything that reached RingCentral was answered 200: nothing was refused by the platform.
    expect(reached).toBe(ok);
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThanOrEqual(10);
    expect(ok + refused.length).toBe(18);
    for (const r of refused) {
      expect(r.body).toMatchObject({ error: { code: "rate_limited", details: { errorCode: "RATE_LIMITED_LOCALLY" } } });
    }
  }, 120_000);
});
