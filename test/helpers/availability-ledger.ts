import { z } from "zod";
import type { PlatformId } from "../../src/domain/platform.ts";
import type { HubCluster } from "./hub-cluster.ts";
import { settle } from "./sandbox-state.ts";

const AVAILABILITY_KINDS = ["livechat.set_routing_status", "chatwoot.set_availability", "ringcentral.set_presence"];
const FINAL = new Set(["succeeded", "superseded", "dead"]);

/** How each sandbox receives an availability write (its recorded requests, filtered by path and method). */
const WRITES: Record<PlatformId, { path: string; method: string }> = {
  livechat: { path: "/agent/action/set_routing_status", method: "POST" },
  ringcentral: { path: "/presence", method: "PUT" },
  chatwoot: { path: "/agents/", method: "PATCH" },
};

const commandRow = z.object({
  id: z.string(),
  agent_id: z.string().nullable(),
  platform: z.enum(["livechat", "ringcentral", "chatwoot"]),
  idempotency_key: z.string(),
  status: z.string(),
  attempts: z.number(),
});
type CommandRow = z.infer<typeof commandRow>;

export type Ledger = {
  unsettled: CommandRow[];
  /** Decisions (agent, platform, target, revision) that produced more than one command row. */
  duplicateDecisions: Array<{ decision: string; rows: CommandRow[] }>;
  platforms: Array<{ platform: PlatformId; writes: number; attempts: number; succeeded: number }>;
};

/**
 * The idempotency key is `availability:<agent>:<platform>:<target>:r<revision>:<hash of the actual state it was
 * based on>`: without the last part it names the decision itself.
 */
export const decisionOf = (key: string): string => key.replace(/:[0-9a-f]{8}$/, "");

/** Availability commands once none is in flight, set against what the sandboxes actually received. */
export async function availabilityLedger(cluster: HubCluster): Promise<Ledger> {
  const read = async () => {
    const res = await cluster.deps.database.pool.query(
      `select id, agent_id, platform, idempotency_key, status, attempts from commands
       where workspace_id = $1 and kind = any($2) order by id`,
      [cluster.workspaceId, AVAILABILITY_KINDS],
    );
    return z.array(commandRow).parse(res.rows);
  };
  const { value: rows } = await settle(read, (r) => r.every((c) => FINAL.has(c.status)), 15_000);

  const byDecision = new Map<string, CommandRow[]>();
  for (const row of rows) {
    const decision = decisionOf(row.idempotency_key);
    byDecision.set(decision, [...(byDecision.get(decision) ?? []), row]);
  }
  const platforms: Ledger["platforms"] = [];
  for (const platform of ["livechat", "ringcentral", "chatwoot"] as const) {
    const mine = rows.filter((r) => r.platform === platform);
    const { path, method } = WRITES[platform];
    const sim = cluster.sandboxes[platform];
    const recorded = await (await fetch(`${sim.url}/_sim/requests?path=${encodeURIComponent(path)}`)).json();
    const writes = z
      .array(z.object({ method: z.string() }))
      .parse(recorded)
      .filter((r) => r.method === method).length;
    platforms.push({
      platform,
      writes,
      attempts: mine.reduce((n, r) => n + r.attempts, 0),
      succeeded: mine.filter((r) => r.status === "succeeded").length,
    });
  }
  return {
    unsettled: rows.filter((r) => !FINAL.has(r.status)),
    duplicateDecisions: [...byDecision]
      .filter(([, list]) => list.length > 1)
      .map(([decision, list]) => ({ decision, rows: list })),
    platforms,
  };
}
