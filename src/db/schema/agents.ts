import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** One person, many platform identities. The row is also the per-agent lock (SELECT … FOR UPDATE). */
export const agents = pgTable(
  "agents",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    /** Lower-cased; identities are matched on it. */
    email: text("email"),
    capacity: integer("capacity").notNull().default(100),
    callCost: integer("call_cost").notNull().default(100),
    chatCost: integer("chat_cost").notNull().default(20),
    /** The engine's AgentState (intent, engagements, capacity, costs, tombstones) as plain JSON. */
    state: jsonb("state").$type<Record<string, unknown>>(),
    /** Last known actual state per platform, with when and how we learned it. */
    actuals: jsonb("actuals").$type<Record<string, unknown>>().notNull().default({}),
    desired: jsonb("desired").$type<Record<string, unknown>>().notNull().default({}),
    /** Bumped whenever the desired state changes; part of every command's idempotency key. */
    revision: integer("revision").notNull().default(0),
    /** Per-agent policy overrides (merged over the workspace default). */
    policy: jsonb("policy").$type<Record<string, unknown>>(),
    /** Built-in chat: the agent's role there, how many chats at once, and whether they take chats at all. */
    chatRole: text("chat_role").$type<"admin" | "supervisor" | "agent">().notNull().default("agent"),
    maxChats: integer("max_chats").notNull().default(5),
    chatEnabled: boolean("chat_enabled").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("agents_email_idx").on(t.workspaceId, t.email).where(sql`deleted_at is null`)],
);

export const agentIdentities = pgTable(
  "agent_identities",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    agentId: text("agent_id").notNull(),
    connectionId: text("connection_id").notNull(),
    platform: text("platform").notNull(),
    /** LiveChat agent id (= email), RingCentral extension id, Chatwoot user id. */
    externalId: text("external_id").notNull(),
    email: text("email"),
    displayName: text("display_name"),
    /** Set by a person: discovery never moves a manual identity. */
    manual: boolean("manual").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("agent_identities_external_idx").on(t.connectionId, t.externalId),
    index("agent_identities_agent_idx").on(t.workspaceId, t.agentId),
  ],
);

export const availabilityHistory = pgTable(
  "availability_history",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    agentId: text("agent_id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** intent | engagement | desired | actual */
    kind: text("kind").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull(),
    /** What caused it: `evt_…`, `cmd_…`, `reconcile`, `api`. */
    cause: text("cause"),
  },
  (t) => [index("availability_history_agent_idx").on(t.workspaceId, t.agentId, t.id)],
);
