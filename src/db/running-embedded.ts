import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { embeddedPostgresDir, embeddedPostgresUrl } from "./embedded.ts";

/**
 * What PostgreSQL itself writes to `postmaster.pid` in its data folder while it runs (and removes on a clean
 * stop): line 1 the server's pid, line 4 its TCP port, line 8 its state ("ready" once it accepts connections).
 * See PostgreSQL's src/include/utils/pidfile.h.
 */
export type PostmasterPid = { pid: number; port: number; status: string };

export function parsePostmasterPid(text: string): PostmasterPid | null {
  const lines = text.split("\n").map((l) => l.trim());
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || port > 65_535) return null;
  return { pid, port, status: lines[7] ?? "" };
}

/** True when a process with this pid exists (EPERM: it does, owned by another user, e.g. `postgres` under root). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type RunningEmbedded = { url: string; pid: number; port: number };

/**
 * The embedded PostgreSQL that a running hub started in `dataDir`, if there is one that answers: its pid file
 * names a live, ready server, and a connection with the embedded credentials succeeds. A stale pid file (a crash,
 * a reused pid) or a server that does not answer gives null, and the caller starts its own server as before
 * (PostgreSQL's own lock on the data folder keeps two servers from sharing it).
 */
export async function findRunningEmbeddedPostgres(dataDir: string, database: string): Promise<RunningEmbedded | null> {
  const file = path.join(embeddedPostgresDir(dataDir), "postmaster.pid");
  const text = await readFile(file, "utf8").catch(() => null);
  const found = text === null ? null : parsePostmasterPid(text);
  if (found?.status !== "ready" || !processExists(found.pid)) return null;
  const url = embeddedPostgresUrl(found.port, database);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("select 1");
    return { url, pid: found.pid, port: found.port };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
