import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/database.ts";
import { API_KEY_SCOPES, type ApiKeyScope, apiKeys, USER_ROLES, type UserRole } from "../db/schema/index.ts";
import { randomToken, safeEqual, sha256Hex } from "../lib/crypto.ts";
import { newId } from "../lib/ids.ts";

/** `sbk_<id>_<secret>`: the id finds the row, the secret is compared with its stored hash. */
const KEY_PATTERN = /^sbk_(key_[0-9a-z]{22})_([\w-]{20,})$/;

/** Scopes map onto roles, so one role check covers people and machines (documented in the OpenAPI description). */
export const SCOPE_ROLES: Record<ApiKeyScope, UserRole> = { read: "agent", write: "supervisor", admin: "admin" };
const RANK: Record<UserRole, number> = { agent: 1, supervisor: 2, admin: 3 };

export function roleForScopes(scopes: readonly ApiKeyScope[]): UserRole {
  let role: UserRole = "agent";
  for (const scope of scopes) if (RANK[SCOPE_ROLES[scope]] > RANK[role]) role = SCOPE_ROLES[scope];
  return role;
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith("sbk_");

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  role: z.enum(USER_ROLES),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const toApiKeyDto = (row: ApiKeyRow): z.infer<typeof apiKeySchema> => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  role: roleForScopes(row.scopes),
  prefix: row.prefix,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function createApiKey(
  db: DbOrTx,
  input: { workspaceId: string; name: string; scopes: ApiKeyScope[]; createdBy: string; expiresAt?: Date },
): Promise<{ row: ApiKeyRow; key: string }> {
  const id = newId("key");
  const secret = randomToken(32);
  const key = `sbk_${id}_${secret}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      id,
      workspaceId: input.workspaceId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      secretHash: sha256Hex(secret),
      prefix: key.slice(0, 16),
      createdBy: input.createdBy,
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { row, key };
}

/**
 * The row a presented key belongs to when it is live (not revoked, not expired), else undefined. The secret is
 * high-entropy, so a plain SHA-256 is as strong as a slow hash here and keeps per-request checks cheap.
 */
export async function findLiveApiKey(db: DbOrTx, key: string, nowMs: number): Promise<ApiKeyRow | undefined> {
  const parts = KEY_PATTERN.exec(key);
  const id = parts?.[1];
  const secret = parts?.[2];
  if (!id || !secret) return undefined;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  if (!row || !safeEqual(sha256Hex(secret), row.secretHash)) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= nowMs) return undefined;
  return row;
}
