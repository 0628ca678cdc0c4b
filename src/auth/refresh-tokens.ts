import { and, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/database.ts";
import { refreshTokens } from "../db/schema/index.ts";
import { randomToken, sha256Hex } from "../lib/crypto.ts";
import { newId } from "../lib/ids.ts";

/**
 * Two tabs refreshing at the same moment both present the same token; within this window the second one gets a
 * sibling token instead of tripping the reuse alarm. Later reuse means a copied token: the family is revoked.
 */
export const REUSE_GRACE_MS = 10_000;

export type IssuedRefresh = { token: string; expiresAt: Date; familyId: string };

export async function issueRefreshToken(
  db: DbOrTx,
  input: { workspaceId: string; userId: string; familyId?: string; ttlSeconds: number; nowMs: number },
): Promise<IssuedRefresh> {
  const token = randomToken(32);
  // `ses_`: lib/ids has no prefix for sessions; the time-ordered body is newId's.
  const id = `ses_${newId("usr", input.nowMs).slice(4)}`;
  const familyId = input.familyId ?? id;
  const expiresAt = new Date(input.nowMs + input.ttlSeconds * 1000);
  await db.insert(refreshTokens).values({
    id,
    workspaceId: input.workspaceId,
    userId: input.userId,
    familyId,
    tokenHash: sha256Hex(token),
    expiresAt,
    createdAt: new Date(input.nowMs),
  });
  return { token, expiresAt, familyId };
}

export type RotateOutcome =
  | { kind: "rotated"; workspaceId: string; userId: string; next: IssuedRefresh }
  | { kind: "reused"; workspaceId: string; userId: string }
  | { kind: "invalid" };

/** Exchanges a refresh token for a new one (same family), in one transaction with the old row locked. */
export async function rotateRefreshToken(
  db: Db,
  token: string,
  options: { ttlSeconds: number; nowMs: number },
): Promise<RotateOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256Hex(token)))
      .for("update");
    if (!row || row.revokedAt || row.expiresAt.getTime() <= options.nowMs) return { kind: "invalid" as const };
    if (row.rotatedAt && options.nowMs - row.rotatedAt.getTime() > REUSE_GRACE_MS) {
      await revokeFamily(tx, row.familyId, options.nowMs);
      return { kind: "reused" as const, workspaceId: row.workspaceId, userId: row.userId };
    }
    if (!row.rotatedAt) {
      await tx
        .update(refreshTokens)
        .set({ rotatedAt: new Date(options.nowMs) })
        .where(eq(refreshTokens.id, row.id));
    }
    const next = await issueRefreshToken(tx, {
      workspaceId: row.workspaceId,
      userId: row.userId,
      familyId: row.familyId,
      ttlSeconds: options.ttlSeconds,
      nowMs: options.nowMs,
    });
    return { kind: "rotated" as const, workspaceId: row.workspaceId, userId: row.userId, next };
  });
}

/** The live (not rotated, revoked or expired) token's owner, without rotating it: for the SSE stream's cookie auth. */
export async function peekRefreshToken(
  db: DbOrTx,
  token: string,
  nowMs: number,
): Promise<{ workspaceId: string; userId: string } | undefined> {
  const [row] = await db
    .select()
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, sha256Hex(token)), isNull(refreshTokens.revokedAt)));
  if (!row || row.expiresAt.getTime() <= nowMs) return undefined;
  if (row.rotatedAt && nowMs - row.rotatedAt.getTime() > REUSE_GRACE_MS) return undefined;
  return { workspaceId: row.workspaceId, userId: row.userId };
}

/** Logout: the presented token's whole family, so no sibling from a concurrent refresh survives. */
export async function revokeRefreshToken(db: DbOrTx, token: string, nowMs: number): Promise<string | undefined> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId, userId: refreshTokens.userId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256Hex(token)));
  if (!row) return undefined;
  await revokeFamily(db, row.familyId, nowMs);
  return row.userId;
}

export async function revokeFamily(db: DbOrTx, familyId: string, nowMs: number): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date(nowMs) })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Password change or reset, disable, delete: every session of the user ends. Returns how many sessions ended. */
export async function revokeUserSessions(db: DbOrTx, userId: string, nowMs: number): Promise<number> {
  const ended = await db
    .update(refreshTokens)
    .set({ revokedAt: new Date(nowMs) })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .returning({ familyId: refreshTokens.familyId });
  return new Set(ended.map((row) => row.familyId)).size;
}
