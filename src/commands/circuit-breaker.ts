/**
 * A circuit breaker per connection: after `threshold` consecutive retryable failures, stop calling that platform
 * for `openMs`, then let one trial through (half-open). Commands waiting on an open circuit are rescheduled,
 * not failed, so they do not burn their attempts while the platform is down.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #state = new Map<string, { failures: number; openUntil: number; trialInFlight: boolean }>();

  constructor(options: { threshold?: number; openMs?: number } = {}) {
    this.#threshold = options.threshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
  }

  /** 0 when a call may go ahead now; otherwise how long to wait. */
  waitMs(key: string, nowMs: number): number {
    const s = this.#state.get(key);
    if (!s || s.failures < this.#threshold) return 0;
    if (nowMs < s.openUntil) return s.openUntil - nowMs;
    if (s.trialInFlight) return this.#openMs;
    s.trialInFlight = true;
    return 0;
  }

  succeeded(key: string): void {
    this.#state.delete(key);
  }

  /** Only failures that say the platform is unwell count (timeouts, 5xx, 429); a 400 is the command's fault. */
  failed(key: string, nowMs: number): void {
    const s = this.#state.get(key) ?? { failures: 0, openUntil: 0, trialInFlight: false };
    s.failures += 1;
    s.trialInFlight = false;
    if (s.failures >= this.#threshold) s.openUntil = nowMs + this.#openMs;
    this.#state.set(key, s);
  }

  isOpen(key: string, nowMs: number): boolean {
    const s = this.#state.get(key);
    return !!s && s.failures >= this.#threshold && nowMs < s.openUntil;
  }
}
