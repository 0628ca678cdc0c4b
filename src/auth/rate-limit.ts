/**
 * Counts failures per key (an email, a client address) in fixed windows. In memory, per web process: with N
 * processes an attacker gets at most N times the budget, which still turns a password-guessing run from
 * millions of tries into a handful; the audit log keeps every failure for the record.
 */
export class FailureLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { count: number; resetAt: number }>();

  constructor(options: { max: number; windowMs: number; now?: () => number }) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string): number {
    const entry = this.#live(key);
    return entry && entry.count >= this.#max ? entry.resetAt - this.#now() : 0;
  }

  fail(key: string): void {
    const entry = this.#live(key);
    if (entry) entry.count += 1;
    else this.#entries.set(key, { count: 1, resetAt: this.#now() + this.#windowMs });
    if (this.#entries.size > 100_000) this.#prune();
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string) {
    const entry = this.#entries.get(key);
    if (entry && entry.resetAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** A flood of distinct keys must not grow memory without bound. */
  #prune(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries) if (entry.resetAt <= now) this.#entries.delete(key);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= 50_000) break;
      this.#entries.delete(key);
    }
  }
}
