import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export type BotAuditChunk = { chunkId: string; documentId: string; score: number };

/** Every bot decision: what was asked, what was retrieved, what it did and why, and what it cost. */
export const botAudit = pgTable(
  "bot_audit",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    inboxId: text("inbox_id"),
    conversationId: text("conversation_id"),
    /** answer | handoff | ignored | dropped | fallback | ownership */
    decision: text("decision").notNull(),
    question: text("question"),
    chunks: jsonb("chunks").$type<BotAuditChunk[]>().notNull().default([]),
    answer: text("answer"),
    reason: text("reason").notNull(),
    provider: text("provider"),
    latencyMs: integer("latency_ms"),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    costMicros: integer("cost_micros").notNull().default(0),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("bot_audit_workspace_idx").on(t.workspaceId, t.id)],
);

/** Tokens and cost per provider per UTC day; the daily budget is checked against it. */
export const botUsage = pgTable(
  "bot_usage",
  {
    workspaceId: text("workspace_id").notNull(),
    day: text("day").notNull(),
    provider: text("provider").notNull(),
    requests: integer("requests").notNull().default(0),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    costMicros: bigint("cost_micros", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.day, t.provider] })],
);

/** What the bot learnt about a customer in earlier conversations; shown and erasable. */
export const botContactMemory = pgTable(
  "bot_contact_memory",
  {
    workspaceId: text("workspace_id").notNull(),
    contactKey: text("contact_key").notNull(),
    facts: jsonb("facts").$type<string[]>().notNull().default([]),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.contactKey] })],
);
