import { and, eq } from "drizzle-orm";
import type pg from "pg";
import type { Db } from "../../db/database.ts";
import { ringcentralTokens } from "../../db/schema/index.ts";
import { decrypt, encrypt } from "../../lib/crypto.ts";
import type { SharedToken, TokenStore } from "./token-manager.ts";

/**
 * A connection's RingCentral access token in PostgreSQL, sealed with SECRET_KEY: every web and worker process of
 * the hub uses the one token, and only one of them signs in at a time (an advisory lock per connection).
 */
export class PgTokenStore implements TokenStore {
  readonly #db: Db;
  readonly #pool: pg.Pool;
  readonly #key: Buffer;
  readonly #connectionId: string;

  constructor(database: { db: Db; pool: pg.Pool }, key: Buffer, connectionId: string) {
    this.#db = database.db;
    this.#pool = database.pool;
    this.#key = key;
    this.#connectionId = connectionId;
  }

  async load(): Promise<SharedToken | undefined> {
    const [row] = await this.#db
      .select()
      .from(ringcentralTokens)
      .where(eq(ringcentralTokens.connectionId, this.#connectionId));
    if (!row) return undefined;
    try {
      const accessToken = decrypt(row.accessTokenEnc, this.#key);
      return { accessToken, accessExpiresAt: row.accessExpiresAt, refreshAt: row.refreshAt };
    } catch {
      // Sealed with another SECRET_KEY: sign in again rather than fail.
      return undefined;
    }
  }

  async save(token: SharedToken): Promise<void> {
    const values = {
      accessTokenEnc: encrypt(token.accessToken, this.#key),
      accessExpiresAt: token.accessExpiresAt,
      refreshAt: token.refreshAt,
      updatedAt: new Date(),
    };
    await this.#db
      .insert(ringcentralTokens)
      .values({ connectionId: this.#connectionId, ...values })
      .onConflictDoUpdate({ target: ringcentralTokens.connectionId, set: values });
  }

  async drop(accessToken: string): Promise<void> {
    const stored = await this.load();
    if (stored?.accessToken !== accessToken) return;
    await this.#db
      .delete(ringcentralTokens)
      .where(
        and(
          eq(ringcentralTokens.connectionId, this.#connectionId),
          eq(ringcentralTokens.accessExpiresAt, stored.accessExpiresAt),
        ),
      );
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    // A session-level lock on a client of its own (released with the session if the process dies); fn's
    // queries use other pool clients.
    const lockKey = `rc-token:${this.#connectionId}`;
    const client = await this.#pool.connect();
    try {
      await client.query("select pg_advisory_lock(hashtext($1))", [lockKey]);
      try {
        return await fn();
      } finally {
        await client.query("select pg_advisory_unlock(hashtext($1))", [lockKey]);
      }
    } finally {
      client.release();
    }
  }
}
