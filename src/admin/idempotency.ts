import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { rcAdminRequests } from "../db/schema/index.ts";

export type IdempotencyScope = { workspaceId: string; connectionId: string; idempotencyKey: string };

export type Claim =
  | { kind: "new" }
  | { kind: "replay"; statusCode: number; response: unknown }
  | { kind: "conflict"; reason: string };

/** The same key must come with the same request: method, path (with query) and body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([method.toUpperCase(), path, body ?? null]))
    .digest("hex");
}

const where = (scope: IdempotencyScope) =>
  and(
    eq(rcAdminRequests.workspaceId, scope.workspaceId),
    eq(rcAdminRequests.connectionId, scope.connectionId),
    eq(rcAdminRequests.idempotencyKey, scope.idempotencyKey),
  );

/**
 * Claims a key for the first request that carries it. A retry of a finished request gets the stored answer; a retry
 * while the first is still running, or a different request with a used key, is a conflict.
 */
export async function claimKey(db: Db, scope: IdempotencyScope, hash: string): Promise<Claim> {
  const inserted = await db
    .insert(rcAdminRequests)
    .values({ ...scope, requestHash: hash, state: "pending" })
    .onConflictDoNothing()
    .returning({ key: rcAdminRequests.idempotencyKey });
  if (inserted.length > 0) return { kind: "new" };
  const [row] = await db.select().from(rcAdminRequests).where(where(scope)).limit(1);
  if (!row) return { kind: "conflict", reason: "the key was released while this request arrived; retry" };
  if (row.requestHash !== hash) {
    return { kind: "conflict", reason: "this Idempotency-Key was used for a different request" };
  }
  if (row.state === "pending" || row.statusCode === null) {
    return { kind: "conflict", reason: "a request with this Idempotency-Key is still in progress" };
  }
  return { kind: "replay", statusCode: row.statusCode, response: row.response };
}

/** Stores the answer every retry with this key will get. */
export async function completeKey(db: Db, scope: IdempotencyScope, statusCode: number, response: unknown) {
  await db
    .update(rcAdminRequests)
    .set({ state: "done", statusCode, response: response ?? null, completedAt: new Date() })
    .where(where(scope));
}

/** Forgets a claim whose request failed in a way worth retrying (rate limit, outage): the retry runs for real. */
export async function releaseKey(db: Db, scope: IdempotencyScope) {
  await db.delete(rcAdminRequests).where(where(scope));
}
