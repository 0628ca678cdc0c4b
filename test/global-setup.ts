import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrateDatabase } from "../src/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A server URL whose user may create databases; tests clone `switchboard_template` from it. */
    pgServerUrl: string;
  }
}

export const TEMPLATE_DB = "switchboard_template";

/**
 * Once per run: a PostgreSQL server (DATABASE_URL when set — CI points it at a Debian PostgreSQL 15 — otherwise an
 * embedded one in a temp folder) and a migrated template database that every integration test clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl: string;
  let stop = async (): Promise<void> => undefined;
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-test-"));
    await import("node:fs/promises").then((fs) => fs.chmod(dataDir, 0o755));
    const server = await startEmbeddedPostgres({
      dataDir,
      port: await freePort(),
      database: "postgres_tests",
      log: pino({ level: "silent" }),
    });
    serverUrl = server.url;
    stop = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  await migrateDatabase(templateUrl.toString());
  project.provide("pgServerUrl", serverUrl);
  return stop;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
