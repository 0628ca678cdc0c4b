import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const BOT_OWNERS = ["bot", "human", "closed"] as const;
export type BotOwner = (typeof BOT_OWNERS)[number];

/** Per-inbox bot configuration; `credentials` (bot tokens and secrets) is encrypted. */
export const botInboxes = pgTable(
  "bot_inboxes",
  {
    workspaceId: text("workspace_id").notNull(),
    id: text("id").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    credentials: text("credentials"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/** Who owns a conversation the bot has seen, and what the bot has done in it. */
export const botConversations = pgTable(
  "bot_conversations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    inboxId: text("inbox_id").notNull(),
    externalId: text("external_id").notNull(),
    contactKey: text("contact_key"),
    owner: text("owner").$type<BotOwner>().notNull().default("bot"),
    botTurns: integer("bot_turns").notNull().default(0),
    /** Epoch ms of recent bot replies (rate limit). */
    replyTimes: jsonb("reply_times").$type<number[]>().notNull().default([]),
    /** `bot` | `human` | `customer`: who wrote last (resolution rate). */
    lastAuthor: text("last_author"),
    askedForHuman: boolean("asked_for_human").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("bot_conversations_external_idx").on(t.workspaceId, t.inboxId, t.externalId),
    // The built-in chat's hooks find a chat's bot conversation without knowing the inbox.
    index("bot_conversations_chat_idx").on(t.workspaceId, t.externalId),
  ],
);

/** Verified bot webhooks, deduplicated, stored with their job in one transaction. */
export const botInbound = pgTable(
  "bot_inbound",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    inboxId: text("inbox_id").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    body: jsonb("body").$type<unknown>().notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("bot_inbound_dedupe_idx").on(t.workspaceId, t.inboxId, t.dedupeKey)],
);
