import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { connections } from "../db/schema/index.ts";
import { decrypt } from "../lib/crypto.ts";

export type ActiveConnection = {
  id: string;
  workspaceId: string;
  platform: string;
  /** Decrypted; null for a Chatwoot connection whose secret is not set yet. */
  webhookSecret: string | null;
};

/**
 * Ingest looks a connection up on every webhook; a short-lived cache keeps that off the database.
 * Changes made by this process invalidate at once; other processes see them within `ttlMs`.
 */
export class ConnectionCache {
  readonly #entries = new Map<string, { value: ActiveConnection | null; expires: number }>();
  readonly #db: Db;
  readonly #key: Buffer;
  readonly #ttlMs: number;

  constructor(db: Db, secretKey: Buffer, ttlMs = 5000) {
    this.#db = db;
    this.#key = secretKey;
    this.#ttlMs = ttlMs;
  }

  async get(id: string, nowMs = Date.now()): Promise<ActiveConnection | null> {
    const hit = this.#entries.get(id);
    if (hit && hit.expires > nowMs) return hit.value;
    const [row] = await this.#db
      .select({
        id: connections.id,
        workspaceId: connections.workspaceId,
        platform: connections.platform,
        webhookSecretEnc: connections.webhookSecretEnc,
      })
      .from(connections)
      .where(and(eq(connections.id, id), isNull(connections.deletedAt)))
      .limit(1);
    const value = row
      ? {
          id: row.id,
          workspaceId: row.workspaceId,
          platform: row.platform,
          webhookSecret: row.webhookSecretEnc ? decrypt(row.webhookSecretEnc, this.#key) : null,
        }
      : null;
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(id, { value, expires: nowMs + this.#ttlMs });
    return value;
  }

  invalidate(id: string): void {
    this.#entries.delete(id);
  }
}
