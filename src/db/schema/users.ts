import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const USER_ROLES = ["admin", "supervisor", "agent"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** People who sign in to the dashboard and API. Emails are lower-cased and unique across workspaces (login has no workspace). */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").$type<UserRole>().notNull(),
    /** argon2id PHC string. */
    passwordHash: text("password_hash").notNull(),
    /** The agent in the registry this person is, when they take chats or calls. */
    agentId: text("agent_id"),
    /** Bumped on password change, role change, disable: every access token minted before stops working. */
    tokenVersion: integer("token_version").notNull().default(0),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(t.email).where(sql`deleted_at is null`),
    index("users_workspace_idx").on(t.workspaceId, t.id),
  ],
);

/**
 * Refresh tokens (the dashboard's httpOnly cookie), stored as SHA-256 hashes. Each use rotates the token; a
 * rotated token presented again means it was copied, so its whole family is revoked.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    userId: text("user_id").notNull(),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_idx").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.workspaceId, t.userId),
  ],
);

export const API_KEY_SCOPES = ["read", "write", "admin"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Machine credentials: `sbk_<id>.<secret>`; only the secret's SHA-256 is kept, the key is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name").notNull(),
    scopes: jsonb("scopes").$type<ApiKeyScope[]>().notNull(),
    secretHash: text("secret_hash").notNull(),
    /** First characters of the key, so people can tell keys apart without the secret. */
    prefix: text("prefix").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_keys_workspace_idx").on(t.workspaceId, t.id)],
);
