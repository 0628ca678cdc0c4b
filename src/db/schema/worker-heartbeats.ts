import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per running graphile-worker pool (one per worker process), refreshed every few seconds. A pool whose
 * row goes stale is dead: its locked jobs and named queues are released to the live workers.
 */
export const workerHeartbeats = pgTable(
  "worker_heartbeats",
  {
    /** graphile-worker's pool id: what it writes into `locked_by` of the jobs and queues the pool holds. */
    poolId: text("pool_id").primaryKey(),
    hostname: text("hostname").notNull(),
    pid: integer("pid").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("worker_heartbeats_last_seen_idx").on(t.lastSeenAt)],
);
