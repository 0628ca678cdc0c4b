import pg from "pg";

/**
 * Counts the statements sent to PostgreSQL (every pool and client query, BEGIN/COMMIT included) while `fn` runs.
 * Other work in the same process counts too: run it where nothing else is busy.
 */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let queries = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    queries += 1;
    return original.apply(this, args);
  };
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    proto.query = original;
  }
}
