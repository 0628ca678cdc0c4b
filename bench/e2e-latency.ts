import type pg from "pg";
import { createDayDriver, type PlayStats } from "../src/sandbox/day-driver.ts";
import type { SandboxUrls } from "../src/sandbox/sim-api.ts";
import { generateLoad } from "./e2e-load.ts";

export type KindLatency = {
  kind: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
  other: Record<string, number>;
};
export type LatencyResult = {
  seconds: number;
  eventsPerSecond: number;
  achievedPerSecond: number;
  webhooks: number;
  play: PlayStats;
  availability: KindLatency;
  byKind: KindLatency[];
  /** Medians (and p99) of each leg, for the availability commands: where the time goes. */
  stages: Array<{ stage: string; p50: number; p99: number }>;
};

const AVAILABILITY_KINDS = ["livechat.set_routing_status", "chatwoot.set_availability", "ringcentral.set_presence"];

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function summarize(kind: string, rows: Array<{ status: string; ms: number | null }>): KindLatency {
  const ms = rows
    .filter((r) => r.status === "succeeded" && r.ms !== null)
    .map((r) => r.ms as number)
    .sort((a, b) => a - b);
  const other: Record<string, number> = {};
  for (const r of rows) if (r.status !== "succeeded") other[r.status] = (other[r.status] ?? 0) + 1;
  return {
    kind,
    count: ms.length,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: ms.at(-1) ?? Number.NaN,
    other,
  };
}

/**
 * Plays the load at speed 1 and measures, per command a webhook caused (`commands.cause` = the webhook event's
 * id), command completion (`completed_at`, set once the sandbox answered) minus the webhook's `received_at`.
 * Both stamps come from the hub (`received_at` is PostgreSQL's transaction time of the ingest).
 */
export async function runLatency(
  urls: SandboxUrls,
  pool: pg.Pool,
  options: {
    seed: number;
    seconds: number;
    eventsPerSecond: number;
    stateShare: number;
    settleMs: number;
    onPlayed?: () => void;
  },
): Promise<LatencyResult> {
  const script = generateLoad({ ...options, agents: 8, chatsPerAgent: 4 });
  const driver = await createDayDriver({ urls, speed: 1, maxInFlight: 128 });
  const since = new Date();
  const started = performance.now();
  const play = await driver.play(script);
  const seconds = (performance.now() - started) / 1000;
  options.onPlayed?.();
  // Let the last webhooks and commands finish (bounded): nothing left to process, nothing pending or running that a
  // webhook caused.
  const deadline = Date.now() + options.settleMs;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ n: string }>(
      `select (select count(*) from commands where created_at >= $1 and cause like 'evt_%' and status in ('pending','running'))
            + (select count(*) from webhook_events where received_at >= $1 and status = 'received') as n`,
      [since],
    );
    if (Number(rows[0]?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const { rows } = await pool.query<{
    kind: string;
    status: string;
    ms: number | null;
    processed: number | null;
    created: number;
    sent: number | null;
  }>(
    `select c.kind, c.status,
            extract(epoch from (c.completed_at - w.received_at)) * 1000 as ms,
            extract(epoch from (w.processed_at - w.received_at)) * 1000 as processed,
            extract(epoch from (c.created_at - w.received_at)) * 1000 as created,
            extract(epoch from (c.completed_at - c.created_at)) * 1000 as sent
       from commands c join webhook_events w on w.id = c.cause
      where w.received_at >= $1`,
    [since],
  );
  const availability = rows.filter((r) => AVAILABILITY_KINDS.includes(r.kind) && r.status === "succeeded");
  const leg = (stage: string, pick: (r: (typeof rows)[number]) => number | null) => {
    const values = availability
      .map(pick)
      .filter((v): v is number => v !== null)
      .map(Number)
      .sort((a, b) => a - b);
    return { stage, p50: percentile(values, 50), p99: percentile(values, 99) };
  };
  const stages = [
    leg("webhook received → event processed", (r) => r.processed),
    leg("webhook received → command created", (r) => r.created),
    leg("command created → completed", (r) => r.sent),
  ];
  const webhooks = await pool.query<{ n: string }>(
    "select count(*) as n from webhook_events where received_at >= $1 and status <> 'rejected'",
    [since],
  );
  const kinds = [...new Set(rows.map((r) => r.kind))].sort();
  const parsed = rows.map((r) => ({ ...r, ms: r.ms === null ? null : Number(r.ms) }));
  return {
    seconds,
    eventsPerSecond: options.eventsPerSecond,
    achievedPerSecond: (play.done + play.skipped + play.failed) / seconds,
    webhooks: Number(webhooks.rows[0]?.n ?? 0),
    play,
    availability: summarize(
      "availability (all three)",
      parsed.filter((r) => AVAILABILITY_KINDS.includes(r.kind)),
    ),
    stages,
    byKind: kinds.map((k) =>
      summarize(
        k,
        parsed.filter((r) => r.kind === k),
      ),
    ),
  };
}
