import { lt } from "drizzle-orm";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { DbOrTx } from "./database.ts";
import { rateLimits } from "./schema/index.ts";

/**
 * Every rate limit of the web API (failed logins, the public widget) lives in one PostgreSQL table through
 * rate-limiter-flexible, so all web processes share one budget per key. Each limiter has its own key prefix.
 * The table is made by migration 0012 (`tableCreated`), and old rows go with `pruneRateLimits` instead of a
 * timer per limiter. The library counts on the wall clock (`Date.now()`), not on `deps.now`.
 */
const TABLE = "rate_limits";

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export type LimiterOptions = {
  /** Names the limiter; keys of different limiters never meet. */
  prefix: string;
  /** How many hits (or failures) a key gets per window. */
  max: number;
  windowSeconds: number;
};

function postgresLimiter(pool: pg.Pool, options: LimiterOptions): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: TABLE,
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: options.prefix,
    points: options.max,
    duration: options.windowSeconds,
  } as ConstructorParameters<typeof RateLimiterPostgres>[0]);
}

const retryAfterSeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

/** A budget of requests per key and window (the widget API): every request spends one. */
export type RequestLimiter = { hit(key: string): Promise<RateVerdict> };

export function requestLimiter(pool: pg.Pool, options: LimiterOptions): RequestLimiter {
  const limiter = postgresLimiter(pool, options);
  return {
    async hit(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (outcome) {
        // The library rejects with its result when the budget is spent, with an Error when the store failed.
        if (outcome instanceof RateLimiterRes)
          return { ok: false, retryAfterSeconds: retryAfterSeconds(outcome.msBeforeNext) };
        throw outcome;
      }
    },
  };
}

/**
 * A budget of failures per key and window (sign-in): only failures spend it, a success clears it, and a key
 * whose budget is spent is refused before it may try again.
 */
export type FailureLimiter = {
  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  reset(key: string): Promise<void>;
};

export function failureLimiter(pool: pg.Pool, options: LimiterOptions): FailureLimiter {
  const limiter = postgresLimiter(pool, options);
  return {
    async retryAfterMs(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= options.max ? Math.max(1, res.msBeforeNext) : 0;
    },
    async fail(key) {
      await limiter.penalty(key, 1);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

/** Expired windows are dead weight: dropped now and then by the worker. */
export async function pruneRateLimits(db: DbOrTx, olderThanMs: number): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.expire, olderThanMs));
}
