/** PostgreSQL's SQLSTATE for a unique (or primary key) violation. */
const UNIQUE_VIOLATION = "23505";

type PgErrorLike = { code?: unknown; constraint?: unknown; cause?: unknown };

/** The driver's error, whether drizzle wrapped it (in `cause`) or not. */
function pgErrorOf(error: unknown): PgErrorLike | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 3; depth++) {
    const candidate = e as PgErrorLike;
    if (typeof candidate.code === "string") return candidate;
    e = candidate.cause;
  }
  return undefined;
}

/**
 * True when `error` is PostgreSQL refusing a duplicate of a unique key; with `constraint`, only that constraint's.
 * The one place that knows the code and drizzle's wrapping: callers turn it into their own 409 or domain error.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  if (pg?.code !== UNIQUE_VIOLATION) return false;
  return constraint === undefined || pg.constraint === constraint;
}
