import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** A chat or a call on one platform, with its agent, customer and outcome. */
export const conversations = pgTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    platform: text("platform").notNull(),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    agentId: text("agent_id"),
    customerId: text("customer_id"),
    customer: jsonb("customer")
      .$type<{ platformId?: string; name?: string; email?: string; phone?: string }>()
      .notNull()
      .default({}),
    status: text("status").notNull().default("active"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Calls: direction, from, to, result, durationSec, recording…; chats: threadId, teamMessaging ids. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("conversations_external_idx").on(t.connectionId, t.channel, t.externalId),
    index("conversations_workspace_idx").on(t.workspaceId, t.id),
    index("conversations_agent_idx").on(t.workspaceId, t.agentId, t.id),
    index("conversations_customer_idx").on(t.workspaceId, t.customerId, t.startedAt),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    externalId: text("external_id").notNull(),
    authorType: text("author_type").notNull(),
    authorId: text("author_id"),
    text: text("text").notNull(),
    private: boolean("private").notNull().default(false),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** Set once the message was mirrored to RingCentral Team Messaging. */
    mirroredAt: timestamp("mirrored_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("messages_external_idx").on(t.conversationId, t.externalId),
    index("messages_conversation_idx").on(t.conversationId, t.at),
  ],
);
