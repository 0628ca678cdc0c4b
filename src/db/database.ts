import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { currentQueryScope } from "./query-count.ts";
import * as schema from "./schema/index.ts";

export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle; repository functions take `Db | Tx`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = { url: string; pool: pg.Pool; db: Db; close(): Promise<void> };

export function openDatabase(url: string, options: { max?: number; onQuery?: (scope: string) => void } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20 });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    client.on("error", () => undefined);
    const onQuery = options.onQuery;
    if (!onQuery) return;
    // Every statement goes through a pooled client's query (pool.query included): count it by its scope.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      onQuery(currentQueryScope());
      return query(...args);
    };
  });
  const db = drizzle(pool, { schema });
  return { url, pool, db, close: () => pool.end() };
}
