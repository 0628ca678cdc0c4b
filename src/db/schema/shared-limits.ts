import { bigint, index, integer, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { connections } from "./connections.ts";

/**
 * rate-limiter-flexible's PostgreSQL store (its own column names): one row per limiter key prefix + key, shared by
 * every process. `expire` is epoch milliseconds. Read and written only through src/db/rate-limits.ts.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: varchar("key", { length: 255 }).primaryKey(),
    points: integer("points").notNull().default(0),
    expire: bigint("expire", { mode: "number" }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

/** The command circuit breaker per connection, shared by every worker process. No row: closed. */
export const circuitBreakers = pgTable("circuit_breakers", {
  connectionId: text("connection_id")
    .primaryKey()
    .references(() => connections.id, { onDelete: "cascade" }),
  /** Consecutive failures that said the platform is unwell. */
  failures: integer("failures").notNull().default(0),
  /** Set once `failures` reached the threshold: no call before this time. */
  openUntil: timestamp("open_until", { withTimezone: true }),
  /** A worker holds the half-open trial until this time; the others wait. */
  trialUntil: timestamp("trial_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
