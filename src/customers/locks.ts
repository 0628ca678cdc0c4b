import { sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";

/**
 * Linking takes the workspace's customer lock shared plus one exclusive lock per identity (sorted, so two
 * linkers never wait on each other in a cycle): events about different people run in parallel, events about
 * the same person one after another. Merges and splits take the workspace lock exclusively.
 */
export async function lockForLinking(tx: Tx, workspaceId: string, identityKeys: readonly string[]): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(hashtextextended(${`customers:${workspaceId}`}, 0))`);
  for (const key of [...new Set(identityKeys)].sort()) {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`customer-identity:${workspaceId}:${key}`}, 0))`,
    );
  }
}

export async function lockForMerging(tx: Tx, workspaceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`customers:${workspaceId}`}, 0))`);
}
