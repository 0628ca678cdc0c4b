import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { resolveDatabase } from "../db/bootstrap.ts";

/** Runs a one-shot command against the database (starting and stopping the embedded one when needed). */
export async function withDatabase<T>(config: Config, log: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const server = await resolveDatabase(config, log);
  try {
    return await fn(server.url);
  } finally {
    await server.stop();
  }
}
