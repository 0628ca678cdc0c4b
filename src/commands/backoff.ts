/**
 * When to try a failed command again: exponential backoff with jitter, never sooner than the platform asked
 * (`Retry-After`, rate-limit headers). `random` is injected so the schedule is testable.
 */
export function nextRetryDelayMs(input: {
  attempt: number;
  retryAfterMs?: number;
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}): number {
  const base = input.baseMs ?? 1000;
  const cap = input.capMs ?? 5 * 60_000;
  const exponential = Math.min(cap, base * 2 ** Math.max(0, input.attempt - 1));
  // "Equal jitter": half fixed, half random, so retries spread out but never collapse to zero.
  const jittered = exponential / 2 + (input.random ?? Math.random)() * (exponential / 2);
  return Math.round(Math.max(jittered, input.retryAfterMs ?? 0));
}
