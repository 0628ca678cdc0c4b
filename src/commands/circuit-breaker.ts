import { and, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { circuitBreakers } from "../db/schema/index.ts";

/**
 * A circuit breaker per connection, kept in PostgreSQL so every worker process sees the same open circuit: after
 * `threshold` consecutive failures that say the platform is unwell, nobody calls it for `openMs`; then one worker
 * claims the trial (half-open) and the others keep waiting. Commands waiting on an open circuit are rescheduled,
 * not failed, so they do not burn their attempts while the platform is down.
 *
 * Cost per command: the state is read with the connection (a left join, no extra query), a healthy connection has
 * no row, so the usual success costs nothing more; a failure writes one row, a success after failures deletes it.
 */
export type CircuitState = Pick<typeof circuitBreakers.$inferSelect, "failures" | "openUntil" | "trialUntil">;
export type CircuitOptions = { threshold: number; openMs: number };
export type CircuitVerdict = { kind: "closed" } | { kind: "wait"; ms: number } | { kind: "trial" };

/** What a caller may do now, given the stored state (null: no row, closed). Pure. */
export function circuitVerdict(state: CircuitState | null, nowMs: number, options: CircuitOptions): CircuitVerdict {
  if (!state || state.failures < options.threshold) return { kind: "closed" };
  const openUntil = state.openUntil?.getTime() ?? 0;
  if (nowMs < openUntil) return { kind: "wait", ms: openUntil - nowMs };
  const trialUntil = state.trialUntil?.getTime() ?? 0;
  if (nowMs < trialUntil) return { kind: "wait", ms: trialUntil - nowMs };
  return { kind: "trial" };
}

export class CircuitBreaker {
  readonly #db: DbOrTx;
  readonly options: CircuitOptions;

  constructor(db: DbOrTx, options: Partial<CircuitOptions> = {}) {
    this.#db = db;
    this.options = { threshold: options.threshold ?? 5, openMs: options.openMs ?? 30_000 };
  }

  /** 0 when a call may go ahead now; otherwise how long to wait. `state` is the row read with the connection. */
  async waitMs(connectionId: string, state: CircuitState | null, nowMs: number): Promise<number> {
    const verdict = circuitVerdict(state, nowMs, this.options);
    if (verdict.kind === "closed") return 0;
    if (verdict.kind === "wait") return verdict.ms;
    // Half-open: one worker wins the trial; whoever loses the race waits like everyone else.
    const now = new Date(nowMs);
    const claimed = await this.#db
      .update(circuitBreakers)
      .set({ trialUntil: new Date(nowMs + this.options.openMs), updatedAt: now })
      .where(
        and(
          eq(circuitBreakers.connectionId, connectionId),
          gte(circuitBreakers.failures, this.options.threshold),
          or(isNull(circuitBreakers.openUntil), lte(circuitBreakers.openUntil, now)),
          or(isNull(circuitBreakers.trialUntil), lte(circuitBreakers.trialUntil, now)),
        ),
      )
      .returning({ connectionId: circuitBreakers.connectionId });
    return claimed.length > 0 ? 0 : this.options.openMs;
  }

  /** Closes the circuit; a query only when there was a row (some failure before). */
  async succeeded(connectionId: string, state: CircuitState | null): Promise<void> {
    if (!state) return;
    await this.#db.delete(circuitBreakers).where(eq(circuitBreakers.connectionId, connectionId));
  }

  /** Only failures that say the platform is unwell count (timeouts, 5xx); a 400 is the command's fault. */
  async failed(connectionId: string, nowMs: number): Promise<void> {
    const now = new Date(nowMs);
    const openUntil = new Date(nowMs + this.options.openMs);
    const failures = sql`${circuitBreakers.failures} + 1`;
    await this.#db
      .insert(circuitBreakers)
      .values({
        connectionId,
        failures: 1,
        openUntil: this.options.threshold <= 1 ? openUntil : null,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: circuitBreakers.connectionId,
        set: {
          failures,
          trialUntil: null,
          openUntil: sql`case when ${failures} >= ${this.options.threshold} then ${openUntil.toISOString()}::timestamptz else ${circuitBreakers.openUntil} end`,
          updatedAt: now,
        },
      });
  }

  /** The stored state of one connection (for tests and the operations view). */
  async stateOf(connectionId: string): Promise<CircuitState | null> {
    const [row] = await this.#db
      .select({
        failures: circuitBreakers.failures,
        openUntil: circuitBreakers.openUntil,
        trialUntil: circuitBreakers.trialUntil,
      })
      .from(circuitBreakers)
      .where(eq(circuitBreakers.connectionId, connectionId));
    return row ?? null;
  }
}
