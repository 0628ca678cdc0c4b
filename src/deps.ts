import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { ConnectionCache } from "./connections/cache.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { createLogger } from "./lib/logger.ts";
import { createMetrics, type Metrics } from "./lib/metrics.ts";
import { loadOrCreateSecret, newApiKey, newSecretKey, parseSecretKey } from "./lib/secrets-file.ts";
import { ClientCache } from "./platforms/clients.ts";
import { type PlatformRegistry, platforms } from "./platforms/registry.ts";
import { SharedRateLimiter } from "./platforms/ringcentral/budget.ts";

/** Everything the hub's parts need, wired once. No container: a plain object built from the config. */
export type Deps = {
  config: Config;
  log: Logger;
  metrics: Metrics;
  database: Database;
  secretKey: Buffer;
  adminApiKey: string;
  connections: ConnectionCache;
  /** Platform API clients per connection (RingCentral keeps its tokens in its client). */
  clients: ClientCache;
  /** RingCentral's rate budget per connection and group, shared by all processes through PostgreSQL. */
  ringcentralBudget: SharedRateLimiter;
  platforms: PlatformRegistry;
  now: () => number;
};

export function createDeps(config: Config, databaseUrl: string, log = createLogger(config.LOG_LEVEL)): Deps {
  const database = openDatabase(databaseUrl, { max: Math.max(10, config.WORKER_CONCURRENCY + 10) });
  const secretKey = resolveSecretKey(config, log);
  const adminApiKey = resolveAdminKey(config, log);
  const ringcentralBudget = new SharedRateLimiter(database.db);
  return {
    config,
    log,
    metrics: createMetrics(),
    database,
    secretKey,
    adminApiKey,
    connections: new ConnectionCache(database.db, secretKey),
    clients: new ClientCache(secretKey, ringcentralBudget, database),
    ringcentralBudget,
    platforms,
    now: Date.now,
  };
}

function resolveSecretKey(config: Config, log: Logger): Buffer {
  if (config.SECRET_KEY) return parseSecretKey(config.SECRET_KEY);
  const { value, created } = loadOrCreateSecret(config.DATA_DIR, "secret.key", newSecretKey);
  if (created) {
    log.warn(
      { file: `${config.DATA_DIR}/secret.key` },
      "SECRET_KEY is not set: generated one into DATA_DIR. Back it up, or set SECRET_KEY: without it the stored credentials cannot be decrypted",
    );
  }
  return parseSecretKey(value);
}

function resolveAdminKey(config: Config, log: Logger): string {
  if (config.ADMIN_API_KEY) return config.ADMIN_API_KEY;
  const { value, created } = loadOrCreateSecret(config.DATA_DIR, "admin-api-key", newApiKey);
  if (created)
    log.warn({ file: `${config.DATA_DIR}/admin-api-key` }, "ADMIN_API_KEY is not set: generated one into DATA_DIR");
  return value;
}
