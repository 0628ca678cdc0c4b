import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const connections = pgTable(
  "connections",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    platform: text("platform").notNull(),
    name: text("name").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    /** AES-256-GCM sealed JSON (lib/crypto.ts); never returned by the API. */
    credentialsEnc: text("credentials_enc"),
    webhookSecretEnc: text("webhook_secret_enc"),
    /** created | connected | error */
    status: text("status").notNull().default("created"),
    connectResult: jsonb("connect_result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Soft delete: the connection's events stay inspectable; ingest answers 404. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("connections_workspace_idx").on(t.workspaceId, t.platform)],
);
