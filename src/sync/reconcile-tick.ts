import { and, eq, isNull } from "drizzle-orm";
import type { ConnectionRow } from "../connections/repo.ts";
import { agentIdentities, connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { applyObservation, repairEngagements } from "../domain/availability/index.ts";
import { isPlatformId, type PlatformId } from "../domain/platform.ts";
import { enqueue } from "../jobs/enqueue.ts";
import type { Reading } from "../platforms/connection-types.ts";
import { platforms } from "../platforms/registry.ts";
import { runEngineStep } from "./agent-engine.ts";

/**
 * Periodic reconciliation: read actual state from every connected platform (the platforms without availability
 * webhooks (Chatwoot) every tick, the others every `fullEvery` ticks), feed it to each agent's engine as
 * `poll` observations and engagement repairs, and let reconcile() issue commands for any drift.
 */
export async function reconcileTick(deps: Deps, tick: number): Promise<{ agents: number; readings: number }> {
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(connections)
    .where(and(isNull(connections.deletedAt), eq(connections.status, "connected")));
  const full = tick % deps.config.RECONCILE_FULL_EVERY === 0;
  const perAgent = new Map<string, { workspaceId: string; readings: Reading[] }>();
  let readings = 0;
  for (const connection of rows) {
    const reading = readConnection(deps, connection, full);
    if (!reading) continue;
    const byExternal = await reading.catch((error: unknown) => {
      deps.log.warn({ err: error, connectionId: connection.id }, "reconciliation could not read the platform");
      return new Map<string, Reading>();
    });
    if (byExternal.size === 0) continue;
    const identities = await db.select().from(agentIdentities).where(eq(agentIdentities.connectionId, connection.id));
    for (const identity of identities) {
      const reading = byExternal.get(identity.externalId) ?? byExternal.get(identity.externalId.toLowerCase());
      if (!reading) continue;
      const entry = perAgent.get(identity.agentId) ?? { workspaceId: identity.workspaceId, readings: [] };
      entry.readings.push(reading);
      perAgent.set(identity.agentId, entry);
      readings += 1;
    }
  }
  const nowMs = deps.now();
  for (const [agentId, { workspaceId, readings: list }] of perAgent) {
    await db.transaction((tx) =>
      runEngineStep(tx, { workspaceId, agentId, cause: "reconciliation", nowMs }, (state, actuals, ctx) => {
        let result = { state, actuals, notes: [] as string[] };
        for (const r of list) {
          if (r.engagements) {
            const repaired = repairEngagements(result.state, r.engagements, nowMs);
            result = { ...result, state: repaired.state, notes: [...result.notes, ...repaired.notes] };
          }
          if (r.observation) {
            const applied = applyObservation(result.state, result.actuals, r.observation, ctx);
            result = { state: applied.state, actuals: applied.actuals, notes: [...result.notes, ...applied.notes] };
          }
        }
        return result;
      }),
    );
  }
  return { agents: perAgent.size, readings };
}

/** Schedules the next tick (one pending tick at a time, whatever the number of workers). */
export async function scheduleNextTick(deps: Deps, tick: number): Promise<void> {
  await enqueue(
    deps.database.db,
    "reconcile-tick",
    { tick },
    { jobKey: "reconcile-tick", runAt: new Date(deps.now() + deps.config.RECONCILE_INTERVAL_SECONDS * 1000) },
  );
}

/** Reads the connection through its platform module (every tick, or only at the full ticks). */
function readConnection(deps: Deps, connection: ConnectionRow, full: boolean): Promise<Map<string, Reading>> | null {
  if (!isPlatformId(connection.platform)) return null;
  return readWith(deps, connection.platform, connection, full);
}

function readWith<P extends PlatformId>(
  deps: Deps,
  platform: P,
  connection: ConnectionRow,
  full: boolean,
): Promise<Map<string, Reading>> | null {
  const reads = platforms[platform].reconcile;
  if (!reads.everyTick && !full) return null;
  const externalIds = async () =>
    (
      await deps.database.db
        .select({ externalId: agentIdentities.externalId })
        .from(agentIdentities)
        .where(eq(agentIdentities.connectionId, connection.id))
    ).map((i) => i.externalId);
  return reads.read(deps.clients.of(platform, connection), { externalIds, at: new Date(deps.now()).toISOString() });
}
