import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agents, availabilityHistory } from "../db/schema/index.ts";
import { type IdPrefix, newId } from "../lib/ids.ts";
import type { AgentHistory } from "./hourly-availability.ts";

/** How far before the range engagement rows are read to know who was already on a call or chat at its start. */
export const ENGAGEMENT_LOOKBACK_MS = 24 * 3_600_000;

/** The smallest id created at `ms` or later: ids are time-ordered, so an id range is a time range on an index. */
export const idFloor = (prefix: IdPrefix, ms: number): string => newId(prefix, ms).slice(0, prefix.length + 11);

/**
 * Every agent that existed during [fromMs, toMs) with the history needed to replay it: rows inside the range,
 * each agent's last intent before it, and engagement rows from a day before it (a call or chat open at the start
 * of the range began less than a day earlier).
 */
export async function loadAgentHistories(
  db: DbOrTx,
  workspaceId: string,
  fromMs: number,
  toMs: number,
): Promise<AgentHistory[]> {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const rows = await db
    .select({ id: agents.id, createdAt: agents.createdAt, deletedAt: agents.deletedAt })
    .from(agents)
    .where(
      and(
        eq(agents.workspaceId, workspaceId),
        lt(agents.createdAt, to),
        or(isNull(agents.deletedAt), gte(agents.deletedAt, from)),
      ),
    );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const inRange = await db
    .select({
      agentId: availabilityHistory.agentId,
      at: availabilityHistory.at,
      kind: availabilityHistory.kind,
      detail: availabilityHistory.detail,
    })
    .from(availabilityHistory)
    .where(
      and(
        eq(availabilityHistory.workspaceId, workspaceId),
        inArray(availabilityHistory.agentId, ids),
        gte(availabilityHistory.id, idFloor("hst", fromMs - ENGAGEMENT_LOOKBACK_MS)),
        lt(availabilityHistory.at, to),
        or(
          gte(availabilityHistory.at, from),
          inArray(availabilityHistory.kind, ["engagement_started", "engagement_ended"]),
        ),
      ),
    )
    .orderBy(asc(availabilityHistory.id));
  // The intent in force when the range starts, however long ago it was chosen.
  const lastIntents = await db.execute<{ agent_id: string; at: Date; detail: Record<string, unknown> }>(sql`
    select distinct on (agent_id) agent_id, at, detail
    from ${availabilityHistory}
    where workspace_id = ${workspaceId} and kind = 'intent' and at < ${from}
    order by agent_id, id desc`);
  return rows.map((agent) => {
    const before = lastIntents.rows.find((r) => r.agent_id === agent.id);
    const own = inRange.filter((r) => r.agentId === agent.id);
    return {
      createdAtMs: agent.createdAt.getTime(),
      deletedAtMs: agent.deletedAt?.getTime() ?? null,
      // The last intent before the range is replayed first: its own time does not matter, only its value.
      rows: [...(before ? [{ at: new Date(before.at), kind: "intent", detail: before.detail }] : []), ...own],
    };
  });
}

export type LatencyRow = {
  measure: "command" | "webhook";
  platform: string | null;
  count: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
};

type PercentileRow = { platform: string | null; n: number; p: number[] | null };

const toLatency = (measure: LatencyRow["measure"], r: PercentileRow): LatencyRow => {
  const [p50 = 0, p90 = 0, p95 = 0, p99 = 0] = (r.p ?? []).map((v) => Math.round(Number(v)));
  return { measure, platform: r.platform, count: Number(r.n), p50Ms: p50, p90Ms: p90, p95Ms: p95, p99Ms: p99 };
};

/**
 * Latency percentiles (nearest rank) over [fromMs, toMs), per platform and for all platforms together (platform
 * null): commands from created to completed (succeeded ones, retries included, as a person waits for them), and
 * webhooks from received to processed.
 */
export async function loadLatency(
  db: DbOrTx,
  workspaceId: string,
  fromMs: number,
  toMs: number,
): Promise<LatencyRow[]> {
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const commands = await db.execute<PercentileRow>(sql`
    select platform, count(*)::int as n,
      percentile_disc(array[0.5, 0.9, 0.95, 0.99]) within group (
        order by (extract(epoch from completed_at - created_at) * 1000)::float8) as p
    from commands
    where workspace_id = ${workspaceId} and status = 'succeeded' and id >= ${idFloor("cmd", fromMs)}
      and created_at >= ${from} and created_at < ${to} and completed_at is not null
    group by grouping sets ((platform), ())
    order by platform nulls first`);
  const webhooks = await db.execute<PercentileRow>(sql`
    select platform, count(*)::int as n,
      percentile_disc(array[0.5, 0.9, 0.95, 0.99]) within group (
        order by (extract(epoch from processed_at - received_at) * 1000)::float8) as p
    from webhook_events
    where workspace_id = ${workspaceId} and status = 'processed' and id >= ${idFloor("evt", fromMs)}
      and received_at >= ${from} and received_at < ${to} and processed_at is not null
    group by grouping sets ((platform), ())
    order by platform nulls first`);
  return [
    ...commands.rows.filter((r) => Number(r.n) > 0).map((r) => toLatency("command", r)),
    ...webhooks.rows.filter((r) => Number(r.n) > 0).map((r) => toLatency("webhook", r)),
  ];
}
