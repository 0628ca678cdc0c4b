import { boolean, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const ROUTING_STRATEGIES = ["round_robin", "least_loaded", "sticky"] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** Built-in chat groups: who can take a widget chat, and how one of them is chosen. Names unique per workspace. */
export const chatGroups = pgTable("chat_groups", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  name: text("name").notNull(),
  routingStrategy: text("routing_strategy").$type<RoutingStrategy>().notNull().default("round_robin"),
  isDefault: boolean("is_default").notNull().default(false),
  /** Offer mode: the chosen agent must accept within this many seconds; null assigns at once. */
  offerTimeoutSeconds: integer("offer_timeout_seconds"),
  /** round_robin: the agent chosen last, so the rotation continues after them. */
  rotationCursor: text("rotation_cursor"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export const chatGroupMembers = pgTable(
  "chat_group_members",
  {
    workspaceId: text("workspace_id").notNull(),
    groupId: text("group_id").notNull(),
    agentId: text("agent_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "chat_group_members_pk", columns: [t.groupId, t.agentId] })],
);
