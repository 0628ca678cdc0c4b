import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { connections } from "../db/schema/index.ts";
import type { PlatformId } from "../domain/platform.ts";
import { decrypt, encrypt } from "../lib/crypto.ts";

export type ConnectionRow = typeof connections.$inferSelect;

export async function findConnection(db: DbOrTx, workspaceId: string, id: string): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, workspaceId), eq(connections.id, id), isNull(connections.deletedAt)))
    .limit(1);
  return row;
}

export async function listConnections(
  db: DbOrTx,
  workspaceId: string,
  platform?: PlatformId,
): Promise<ConnectionRow[]> {
  return db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.workspaceId, workspaceId),
        isNull(connections.deletedAt),
        platform ? eq(connections.platform, platform) : undefined,
      ),
    )
    .orderBy(desc(connections.id));
}

/** Credentials are a JSON object sealed with AES-256-GCM; this is the only place that opens them. */
export function openCredentials(row: ConnectionRow, key: Buffer): Record<string, unknown> {
  if (!row.credentialsEnc) return {};
  return JSON.parse(decrypt(row.credentialsEnc, key)) as Record<string, unknown>;
}

export const sealCredentials = (value: Record<string, unknown>, key: Buffer): string =>
  encrypt(JSON.stringify(value), key);
