import type { ConnectionRow } from "../connections/repo.ts";
import type { Database } from "../db/database.ts";
import type { PlatformId } from "../domain/platform.ts";
import { ConnectionConfigError } from "./connection-types.ts";
import { type PlatformClients, platforms } from "./registry.ts";
import type { SharedRateLimiter } from "./ringcentral/budget.ts";

export type { PlatformClients };
export { ConnectionConfigError };

/**
 * One client per connection per process, kept while the connection is unchanged: RingCentral's client holds its
 * OAuth tokens and rate-limit budget, which must survive between commands. Each platform module creates its own.
 */
export class ClientCache {
  readonly #cache = new Map<string, { version: number; value: unknown }>();
  readonly #key: Buffer;
  readonly #budget: SharedRateLimiter | undefined;
  readonly #database: Database | undefined;
  /**
   * With `budget` and `db`, RingCentral clients share one rate budget and one access token per connection with
   * every other process (PostgreSQL).
   */
  constructor(secretKey: Buffer, budget?: SharedRateLimiter, database?: Database) {
    this.#key = secretKey;
    this.#budget = budget;
    this.#database = database;
  }

  /** The connection's client, created by its platform module; throws ConnectionConfigError when the row does not fit. */
  of<P extends PlatformId>(platform: P, row: ConnectionRow): PlatformClients[P] {
    if (row.platform !== platform) throw new ConnectionConfigError(`the connection is not a ${platform} connection`);
    const version = row.updatedAt.getTime();
    const hit = this.#cache.get(row.id);
    if (hit && hit.version === version) return hit.value as PlatformClients[P];
    const value = platforms[platform].createClient(row, {
      secretKey: this.#key,
      budget: this.#budget,
      database: this.#database,
    });
    this.#cache.set(row.id, { version, value });
    return value;
  }

  livechat(row: ConnectionRow): PlatformClients["livechat"] {
    return this.of("livechat", row);
  }

  ringcentral(row: ConnectionRow): PlatformClients["ringcentral"] {
    return this.of("ringcentral", row);
  }

  chatwoot(row: ConnectionRow): PlatformClients["chatwoot"] {
    return this.of("chatwoot", row);
  }
}
