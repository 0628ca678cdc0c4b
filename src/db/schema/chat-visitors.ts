import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** People chatting through the widget. Only the session token's SHA-256 is kept. */
export const chatVisitors = pgTable("chat_visitors", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id").notNull(),
  tokenHash: text("token_hash").notNull(),
  name: text("name"),
  email: text("email"),
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
  /** The unified customer, linked by email when the visitor gives one. */
  customerId: text("customer_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});
