import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const COMMAND_STATUSES = ["pending", "running", "succeeded", "failed", "dead", "superseded"] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** Every write to a platform: a target state, executed by a durable job, retried, dead-lettered when it gives up. */
export const commands = pgTable(
  "commands",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    platform: text("platform").notNull(),
    agentId: text("agent_id"),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<CommandStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(8),
    lastError: text("last_error"),
    externalId: text("external_id"),
    /** What caused it (event id, agent id, reconciliation run). */
    cause: text("cause"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** When the command's job runs next: the end of a rate-limit window or of a retry's backoff. */
    waitingUntil: timestamp("waiting_until", { withTimezone: true }),
    /** Set while the command waits for a rate-limit window (not a failure), e.g. "RingCentral's Medium budget". */
    waitingReason: text("waiting_reason"),
  },
  (t) => [
    uniqueIndex("commands_idempotency_idx").on(t.workspaceId, t.idempotencyKey),
    index("commands_status_idx").on(t.workspaceId, t.status, t.id),
    index("commands_agent_idx").on(t.workspaceId, t.agentId, t.id),
    index("commands_agent_kind_idx").on(t.agentId, t.kind, t.id),
  ],
);
