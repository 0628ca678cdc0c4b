import type { RateGroup } from "./options.ts";

export type RateDecision = {
  allowed: boolean;
  group: RateGroup;
  limit: number;
  remaining: number;
  windowSec: number;
  /** Seconds, only when refused. */
  retryAfterSec?: number;
};

type Bucket = { hits: number[]; penaltyUntil: number };

/**
 * Per (app, user, group) sliding window (doc §4). Crossing the limit starts a penalty; every request sent during
 * the penalty is refused and restarts it (the documented "429 trap").
 */
export class RateLimiter {
  readonly #limits: Record<RateGroup, number> | false;
  readonly #windowMs: number;
  readonly #penaltyMs: number;
  readonly #now: () => number;
  #buckets = new Map<string, Bucket>();

  constructor(limits: Record<RateGroup, number> | false, windowSec: number, penaltySec: number, now: () => number) {
    this.#limits = limits;
    this.#windowMs = windowSec * 1000;
    this.#penaltyMs = penaltySec * 1000;
    this.#now = now;
  }

  /** `undefined` when rate limiting is off. */
  hit(key: string, group: RateGroup): RateDecision | undefined {
    if (!this.#limits) return undefined;
    const limit = this.#limits[group];
    const windowSec = Math.round(this.#windowMs / 1000);
    const now = this.#now();
    const id = `${key}|${group}`;
    const bucket = this.#buckets.get(id) ?? { hits: [], penaltyUntil: 0 };
    this.#buckets.set(id, bucket);
    bucket.hits = bucket.hits.filter((t) => now - t < this.#windowMs);
    const penalise = (): RateDecision => {
      bucket.penaltyUntil = now + this.#penaltyMs;
      return {
        allowed: false,
        group,
        limit,
        remaining: 0,
        windowSec,
        retryAfterSec: Math.ceil(this.#penaltyMs / 1000),
      };
    };
    if (now < bucket.penaltyUntil) return penalise();
    if (bucket.hits.length >= limit) return penalise();
    bucket.hits.push(now);
    return { allowed: true, group, limit, remaining: Math.max(0, limit - bucket.hits.length), windowSec };
  }

  reset(): void {
    this.#buckets.clear();
  }
}
