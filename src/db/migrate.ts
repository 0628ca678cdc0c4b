import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { runMigrations as installWorkerSchema, Logger as WorkerLogger } from "graphile-worker";
import { type Database, openDatabase } from "./database.ts";

const silentWorkerLogger = new WorkerLogger(() => () => undefined);

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations", import.meta.url));

/** Applies our forward-only migrations and installs graphile-worker's schema into the same database. */
export async function migrateDatabase(url: string): Promise<void> {
  // One connection holding an advisory lock: several processes starting at once migrate one after another.
  const single = openDatabase(url, { max: 1 });
  try {
    await single.pool.query("select pg_advisory_lock(7262021)");
    await migrate(single.db, { migrationsFolder: MIGRATIONS_DIR });
    await installWorkerSchema({ pgPool: single.pool, logger: silentWorkerLogger });
    await single.pool.query("select pg_advisory_unlock(7262021)");
  } finally {
    await single.close();
  }
}

/** True when every migration in the folder is recorded as applied. */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const { readMigrationFiles } = await import("drizzle-orm/migrator");
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).length;
  try {
    const res = await database.pool.query<{ n: string }>(
      "select count(*)::text as n from drizzle.__drizzle_migrations",
    );
    return Number(res.rows[0]?.n ?? 0) >= expected;
  } catch {
    return false;
  }
}
