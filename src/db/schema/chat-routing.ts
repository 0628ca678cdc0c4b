import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Every routing decision with all candidates and why each was (not) eligible: the explanation API reads it. */
export const chatRoutingDecisions = pgTable("chat_routing_decisions", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  conversationId: text("conversation_id").notNull(),
  groupId: text("group_id").notNull(),
  strategy: text("strategy").notNull(),
  chosenAgentId: text("chosen_agent_id"),
  why: text("why").notNull(),
  candidates: jsonb("candidates").$type<unknown[]>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Offer mode: pending until the agent accepts, or missed (visible, never setting the agent offline). */
export const chatOffers = pgTable("chat_offers", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  conversationId: text("conversation_id").notNull(),
  agentId: text("agent_id").notNull(),
  status: text("status").$type<"pending" | "accepted" | "missed" | "cancelled">().notNull().default("pending"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
});
