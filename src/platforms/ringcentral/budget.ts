import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/database.ts";
import { ringcentralRateBuckets } from "../../db/schema/index.ts";
import type { Acquired, BucketState, HeaderReader, RateBudget, RateGroup, RatePriority } from "./rate-limiter.ts";
import { acquireSlot, DEFAULT_LIMITS, newBucket, observeHeaders, penaliseBucket } from "./rate-limiter.ts";

type Row = typeof ringcentralRateBuckets.$inferSelect;

const toState = (row: Row): BucketState => ({
  limit: row.limit,
  windowMs: row.windowMs,
  sent: row.sent,
  blockedUntil: row.blockedUntil,
  server:
    row.serverRemaining !== null && row.serverAt !== null
      ? { remaining: row.serverRemaining, at: row.serverAt, sentSince: row.serverSentSince }
      : null,
});

const toColumns = (state: BucketState) => ({
  limit: state.limit,
  windowMs: state.windowMs,
  sent: state.sent,
  blockedUntil: state.blockedUntil,
  serverRemaining: state.server?.remaining ?? null,
  serverAt: state.server?.at ?? null,
  serverSentSince: state.server?.sentSince ?? 0,
  updatedAt: new Date(),
});

/**
 * RingCentral's rate budget shared by every process of the hub through PostgreSQL: one (user, app) quota per
 * connection and usage-plan group, whichever worker or web process sends. Each decision locks the group's row
 * for one short transaction, so two processes never both take the last slot, and a 429 seen by one process
 * holds back all of them. Any RingCentral request goes through it (the sync engine's client, the admin API):
 *
 *   const slot = await limiter.acquire(connectionId, "Medium", "availability");
 *   if (!slot.ok) reschedule(slot.waitUntil);
 */
export class SharedRateLimiter {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #limits: Partial<Record<RateGroup, number>> | undefined;
  /** The plan (limit/window) this process last stored per connection and group. */
  readonly #plans = new Map<string, string>();

  constructor(db: Db, options: { now?: () => number; limits?: Partial<Record<RateGroup, number>> } = {}) {
    this.#db = db;
    this.#now = options.now ?? Date.now;
    this.#limits = options.limits;
  }

  /** Takes a slot in the group for a request sent now, or says until when to wait (ms since the epoch). */
  acquire(connectionId: string, group: RateGroup, priority: RatePriority): Promise<Acquired> {
    return this.#update(connectionId, group, (state, now) => {
      const { result, state: next } = acquireSlot(state, now, priority);
      return { result, next: result.ok ? next : undefined };
    });
  }

  /**
   * Learns the plan and the server's remaining count from a response's `X-Rate-Limit-*` headers. Written only
   * when it matters — the plan differs from what this process last stored, or the server's remaining count is
   * down to a quarter of the limit — so most responses cost no extra transaction.
   */
  async observe(connectionId: string, group: RateGroup, headers: HeaderReader): Promise<void> {
    const limit = headers.get("x-rate-limit-limit");
    const window = headers.get("x-rate-limit-window");
    const remaining = Number(headers.get("x-rate-limit-remaining") ?? Number.NaN);
    if (limit === null && window === null && Number.isNaN(remaining)) return;
    const key = `${connectionId}:${group}`;
    const plan = `${limit}/${window}`;
    const low = !Number.isNaN(remaining) && remaining <= Math.ceil(Number(limit ?? DEFAULT_LIMITS[group]) / 4);
    if (!low && this.#plans.get(key) === plan) return;
    this.#plans.set(key, plan);
    await this.#update(connectionId, group, (state, now) => ({
      result: undefined,
      next: observeHeaders(state, headers, now),
    }));
  }

  /** After a 429: every process holds the group back until the penalty is over. */
  async penalise(connectionId: string, group: RateGroup, retryAfterMs: number | undefined): Promise<void> {
    await this.#update(connectionId, group, (state, now) => ({
      result: undefined,
      next: penaliseBucket(state, now, retryAfterMs),
    }));
  }

  /** The connection's budget in the shape RingcentralClient takes. */
  forConnection(connectionId: string): RateBudget {
    return {
      acquire: (group, priority) => this.acquire(connectionId, group, priority),
      observe: (group, headers) => this.observe(connectionId, group, headers),
      penalise: (group, retryAfterMs) => this.penalise(connectionId, group, retryAfterMs),
    };
  }

  /** Forgets a connection's budget (its credentials changed, or it was deleted). */
  async reset(connectionId: string): Promise<void> {
    await this.#db.delete(ringcentralRateBuckets).where(eq(ringcentralRateBuckets.connectionId, connectionId));
  }

  async #update<R>(
    connectionId: string,
    group: RateGroup,
    decide: (state: BucketState, now: number) => { result: R; next: BucketState | undefined },
  ): Promise<R> {
    return this.#db.transaction(async (tx) => {
      const row = await this.#lockRow(tx, connectionId, group);
      const { result, next } = decide(toState(row), this.#now());
      if (next) {
        await tx
          .update(ringcentralRateBuckets)
          .set(toColumns(next))
          .where(
            and(eq(ringcentralRateBuckets.connectionId, connectionId), eq(ringcentralRateBuckets.rateGroup, group)),
          );
      }
      return result;
    });
  }

  async #lockRow(tx: Tx, connectionId: string, group: RateGroup): Promise<Row> {
    const where = and(
      eq(ringcentralRateBuckets.connectionId, connectionId),
      eq(ringcentralRateBuckets.rateGroup, group),
    );
    const [row] = await tx.select().from(ringcentralRateBuckets).where(where).for("update");
    if (row) return row;
    await tx
      .insert(ringcentralRateBuckets)
      .values({ connectionId, rateGroup: group, ...toColumns(newBucket(group, this.#limits)) })
      .onConflictDoNothing();
    const [created] = await tx.select().from(ringcentralRateBuckets).where(where).for("update");
    if (!created) throw new Error(`rate bucket ${connectionId}/${group} vanished`);
    return created;
  }
}
