/**
 * Client-side limiter per RingCentral usage-plan group (platforms/ringcentral.md §4). RingCentral punishes a
 * 429 with a 60 s penalty that restarts on every request sent during it, so we must slow down before it says
 * 429. Two guards, whichever is stricter wins:
 * - a local sliding window of what this process sent (limit per window per group);
 * - the server's own count from `X-Rate-Limit-Remaining`/`-Window`, which also sees other processes and apps
 *   sharing the same (user, app) quota: at 0 remaining we wait out the window, as the docs advise.
 */
export type RateGroup = "Light" | "Medium" | "Heavy" | "Auth";

export const RATE_GROUPS: readonly RateGroup[] = ["Light", "Medium", "Heavy", "Auth"];

/** Default requests per 60 s per (user, app); an app's plan may differ, and the response headers say so. */
export const DEFAULT_LIMITS: Readonly<Record<RateGroup, number>> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };

const WINDOW_MS = 60_000;
/** The documented penalty; also what to wait when a 429 comes without `Retry-After` (the docs say ≥ 30 s). */
export const PENALTY_MS = 60_000;

type ServerView = { remaining: number; at: number; sentSince: number };

type GroupState = {
  limit: number;
  windowMs: number;
  sent: number[];
  blockedUntil: number;
  server?: ServerView;
};

/** Minimal view of a fetch `Headers` object, so tests can pass a plain map. */
export type HeaderReader = { get(name: string): string | null };

const positiveInt = (value: string | null): number | undefined => {
  if (value === null || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** The docs show lower-case names (`light`) and warn that names may change: unknown names fall back. */
export function parseRateGroup(value: string | null): RateGroup | undefined {
  const lower = value?.trim().toLowerCase();
  return RATE_GROUPS.find((g) => g.toLowerCase() === lower);
}

export class RateLimiter {
  readonly #now: () => number;
  readonly #groups = new Map<RateGroup, GroupState>();

  constructor(options: { now: () => number; limits?: Partial<Record<RateGroup, number>> }) {
    this.#now = options.now;
    for (const group of RATE_GROUPS) {
      const limit = options.limits?.[group] ?? DEFAULT_LIMITS[group];
      this.#groups.set(group, { limit, windowMs: WINDOW_MS, sent: [], blockedUntil: 0 });
    }
  }

  #state(group: RateGroup): GroupState {
    const state = this.#groups.get(group);
    if (!state) throw new Error(`unknown rate group ${group}`);
    return state;
  }

  /**
   * Milliseconds to wait before the next request in `group` may be sent; 0 means now. `reserve` keeps that many
   * requests of the window for others (background traffic passes a reserve so it never starves urgent calls).
   */
  delayMs(group: RateGroup, reserve = 0): number {
    const now = this.#now();
    const state = this.#state(group);
    state.sent = state.sent.filter((t) => t > now - state.windowMs);
    let until = state.blockedUntil;
    const limit = Math.max(1, state.limit - reserve);
    if (state.sent.length >= limit) {
      const oldestCounted = state.sent[state.sent.length - limit] ?? now;
      until = Math.max(until, oldestCounted + state.windowMs);
    }
    const server = state.server;
    if (server && now < server.at + state.windowMs && server.remaining - server.sentSince <= reserve) {
      until = Math.max(until, server.at + state.windowMs);
    }
    return Math.max(0, until - now);
  }

  /** A quarter of the group's budget, kept free by background traffic. */
  reserveFor(group: RateGroup): number {
    return Math.ceil(this.#state(group).limit / 4);
  }

  /** Records a request being sent now. */
  record(group: RateGroup): void {
    const state = this.#state(group);
    state.sent.push(this.#now());
    if (state.server) state.server.sentSince += 1;
  }

  /** Learns the plan and the server's remaining count from a response's `X-Rate-Limit-*` headers. */
  observe(headers: HeaderReader, requestGroup: RateGroup): void {
    const group = parseRateGroup(headers.get("x-rate-limit-group")) ?? requestGroup;
    const state = this.#state(group);
    const limit = positiveInt(headers.get("x-rate-limit-limit"));
    const windowSeconds = positiveInt(headers.get("x-rate-limit-window"));
    const remaining = positiveInt(headers.get("x-rate-limit-remaining"));
    if (limit !== undefined && limit > 0) state.limit = limit;
    if (windowSeconds !== undefined && windowSeconds > 0) state.windowMs = windowSeconds * 1000;
    if (remaining !== undefined) state.server = { remaining, at: this.#now(), sentSince: 0 };
  }

  /** After a 429: nothing more in the group until the penalty is over, or the penalty would restart. */
  penalise(group: RateGroup, retryAfterMs: number | undefined): void {
    const state = this.#state(group);
    state.blockedUntil = Math.max(state.blockedUntil, this.#now() + (retryAfterMs ?? PENALTY_MS));
  }
}
