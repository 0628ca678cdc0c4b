import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Idempotency records of the RingCentral admin API's writes: the first request with a key runs, every retry with
 * the same key gets the stored answer. `state` is `pending` while the first one runs, then `done`.
 */
export const rcAdminRequests = pgTable(
  "rc_admin_requests",
  {
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["pending", "done"] }).notNull(),
    statusCode: integer("status_code"),
    response: jsonb("response"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ name: "rc_admin_requests_pk", columns: [t.workspaceId, t.connectionId, t.idempotencyKey] })],
);

export const RC_ADMIN_JOB_STATUSES = ["queued", "running", "succeeded", "failed"] as const;

/** Long RingCentral admin operations (bulk changes, apply): a durable job with its progress. */
export const rcAdminJobs = pgTable(
  "rc_admin_jobs",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    kind: text("kind", { enum: ["bulk-assign", "apply"] }).notNull(),
    status: text("status", { enum: RC_ADMIN_JOB_STATUSES }).notNull(),
    actor: text("actor").notNull(),
    input: jsonb("input").$type<unknown>().notNull(),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    requestsSent: integer("requests_sent").notNull().default(0),
    result: jsonb("result").$type<unknown>(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("rc_admin_jobs_workspace_idx").on(t.workspaceId, t.connectionId, t.createdAt)],
);
