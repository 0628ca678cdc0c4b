import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** `bot`: held for the workspace's agent bot (not routed) until it hands off to the queue. */
export const CHAT_STATUSES = ["queued", "assigned", "closed", "bot"] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const CHAT_EVENT_TYPES = ["message", "system"] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];
export const CHAT_AUTHOR_TYPES = ["visitor", "agent", "bot", "system"] as const;
export type ChatAuthorType = (typeof CHAT_AUTHOR_TYPES)[number];

/**
 * A built-in chat. Its row is the conversation's lock: events, assignment and closing take it first, so
 * `last_position` (the conversation-wide event counter) commits in order.
 */
export const chatConversations = pgTable("chat_conversations", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  visitorId: text("visitor_id").notNull(),
  groupId: text("group_id").notNull(),
  agentId: text("agent_id"),
  status: text("status").$type<ChatStatus>().notNull().default("queued"),
  activeThreadId: text("active_thread_id"),
  tagIds: jsonb("tag_ids").$type<string[]>().notNull().default([]),
  lastPosition: integer("last_position").notNull().default(0),
  agentReadPosition: integer("agent_read_position").notNull().default(0),
  visitorReadPosition: integer("visitor_read_position").notNull().default(0),
  queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
  assignedAt: timestamp("assigned_at", { withTimezone: true }),
  firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A conversation holds many threads, one active at a time (a new one per assignment or transfer). */
export const chatThreads = pgTable("chat_threads", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  conversationId: text("conversation_id").notNull(),
  agentId: text("agent_id"),
  status: text("status").$type<"open" | "closed">().notNull().default("open"),
  lastSequence: integer("last_sequence").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp("closed_at", { withTimezone: true }),
});

/** Immutable. `sequence` orders events in their thread; `position` across the conversation (resume cursor). */
export const chatEvents = pgTable("chat_events", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  conversationId: text("conversation_id").notNull(),
  threadId: text("thread_id").notNull(),
  sequence: integer("sequence").notNull(),
  position: integer("position").notNull(),
  type: text("type").$type<ChatEventType>().notNull(),
  authorType: text("author_type").$type<ChatAuthorType>().notNull(),
  authorId: text("author_id"),
  text: text("text").notNull(),
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
