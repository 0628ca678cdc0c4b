import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The RingCentral access token of a connection, shared by all its processes so they sign in once
 * (platforms/ringcentral/token-store.ts). Sealed with SECRET_KEY like the credentials; times are epoch ms.
 */
export const ringcentralTokens = pgTable("ringcentral_tokens", {
  connectionId: text("connection_id").primaryKey(),
  accessTokenEnc: text("access_token_enc").notNull(),
  accessExpiresAt: bigint("access_expires_at", { mode: "number" }).notNull(),
  refreshAt: bigint("refresh_at", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
