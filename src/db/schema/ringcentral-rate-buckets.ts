import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * RingCentral's rate budget per connection and usage-plan group, shared by every process of the hub: the sliding
 * log of sends, the penalty after a 429, and what the server last reported (platforms/ringcentral/budget.ts).
 * Times are epoch milliseconds.
 */
export const ringcentralRateBuckets = pgTable(
  "ringcentral_rate_buckets",
  {
    connectionId: text("connection_id").notNull(),
    rateGroup: text("rate_group").notNull(),
    limit: integer("limit").notNull(),
    windowMs: integer("window_ms").notNull(),
    sent: jsonb("sent").$type<number[]>().notNull().default([]),
    blockedUntil: bigint("blocked_until", { mode: "number" }).notNull().default(0),
    serverRemaining: integer("server_remaining"),
    serverAt: bigint("server_at", { mode: "number" }),
    serverSentSince: integer("server_sent_since").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "ringcentral_rate_buckets_pk", columns: [t.connectionId, t.rateGroup] })],
);
