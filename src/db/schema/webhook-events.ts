import { sql } from "drizzle-orm";
import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const WEBHOOK_STATUSES = ["received", "processed", "failed", "rejected"] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    platform: text("platform").notNull(),
    connectionId: text("connection_id").notNull(),
    /** Null for rejected requests, so they never collide with a real delivery. */
    dedupeKey: text("dedupe_key"),
    status: text("status").$type<WebhookStatus>().notNull(),
    reason: text("reason"),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    rawBody: bytea("raw_body").notNull(),
    /** Bytes received (the stored body of a rejected request may be truncated). */
    bodyBytes: integer("body_bytes").notNull(),
    /** The normalised DomainEvent (or `{kind: "ignored", reason}`) once processed. */
    domainEvent: jsonb("domain_event"),
    eventType: text("event_type"),
    errorDetails: jsonb("error_details"),
    attempts: integer("attempts").notNull().default(0),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_events_dedupe_idx").on(t.connectionId, t.dedupeKey),
    index("webhook_events_workspace_idx").on(t.workspaceId, t.id),
    index("webhook_events_rejected_idx").on(t.workspaceId, t.receivedAt).where(sql`status = 'rejected'`),
  ],
);
