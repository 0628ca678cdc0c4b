import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { resolveDatabase } from "../db/bootstrap.ts";

/**
 * Runs a one-shot command against the hub's database: DATABASE_URL; else the embedded PostgreSQL a running hub
 * started in DATA_DIR (shared, left running); else the embedded one started for this command and stopped after.
 */
export async function withDatabase<T>(config: Config, log: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const server = await resolveDatabase(config, log, { shareRunning: true });
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}
