/**
 * RingCentral's rate budget per usage-plan group (platforms/ringcentral.md §4), as pure decisions on a bucket's
 * state. RingCentral counts per (user, app, group) in a sliding 60 s window and punishes a 429 with a 60 s
 * penalty that restarts on every request sent during it, so we must slow down before it says 429. Two guards,
 * whichever is stricter wins:
 * - a sliding log of what was sent (limit per window per group);
 * - the server's own count from `X-Rate-Limit-Remaining`/`-Window`, which also sees other apps sharing the
 *   same (user, app) quota: at 0 remaining we wait out the window, as the docs advise.
 * The state lives wherever the budget is shared: PostgreSQL for every process of a connection
 * (budget.ts), or memory for a lone client.
 */
export type RateGroup = "Light" | "Medium" | "Heavy" | "Auth";

export const RATE_GROUPS: readonly RateGroup[] = ["Light", "Medium", "Heavy", "Auth"];

/**
 * Who goes first when the budget is short: availability (presence) may use the whole window, reads (contacts,
 * call logs, telephony sessions, subscriptions) leave a tenth for availability, Team Messaging a quarter.
 */
export type RatePriority = "availability" | "read" | "messaging";

export const RATE_PRIORITIES: readonly RatePriority[] = ["availability", "read", "messaging"];

const RESERVE_SHARE: Readonly<Record<RatePriority, number>> = { availability: 0, read: 0.1, messaging: 0.25 };

/** Default requests per 60 s per (user, app); an app's plan may differ, and the response headers say so. */
export const DEFAULT_LIMITS: Readonly<Record<RateGroup, number>> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };

export const WINDOW_MS = 60_000;
/** The documented penalty; also what to wait when a 429 comes without `Retry-After` (the docs say ≥ 30 s). */
export const PENALTY_MS = 60_000;

/** What the server last said about the window: `sentSince` counts our requests after that response. */
export type ServerView = { remaining: number; at: number; sentSince: number };

export type BucketState = {
  limit: number;
  windowMs: number;
  /** Send times (ms) inside the current window, oldest first. */
  sent: number[];
  blockedUntil: number;
  server: ServerView | null;
};

export type Acquired = { ok: true } | { ok: false; waitUntil: number };

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

export function newBucket(group: RateGroup, limits?: Partial<Record<RateGroup, number>>): BucketState {
  return {
    limit: limits?.[group] ?? DEFAULT_LIMITS[group],
    windowMs: WINDOW_MS,
    sent: [],
    blockedUntil: 0,
    server: null,
  };
}

/** Requests of the window a caller of `priority` must leave to higher priorities. */
export function reserveFor(limit: number, priority: RatePriority): number {
  return Math.min(limit - 1, Math.ceil(limit * RESERVE_SHARE[priority]));
}

/** Earliest time a request of `priority` may go out; `now` or earlier means at once. */
export function nextSlotAt(state: BucketState, now: number, priority: RatePriority): number {
  const reserve = reserveFor(state.limit, priority);
  const usable = Math.max(1, state.limit - reserve);
  const sent = state.sent.filter((t) => t > now - state.windowMs);
  let until = state.blockedUntil;
  if (sent.length >= usable) {
    const oldestCounted = sent[sent.length - usable] ?? now;
    until = Math.max(until, oldestCounted + state.windowMs);
  }
  const server = state.server;
  if (server && now < server.at + state.windowMs && server.remaining - server.sentSince <= reserve) {
    until = Math.max(until, server.at + state.windowMs);
  }
  return until;
}

/** Takes a slot when one is free (the new state records the send), or says until when to wait. */
export function acquireSlot(
  state: BucketState,
  now: number,
  priority: RatePriority,
): { result: Acquired; state: BucketState } {
  const until = nextSlotAt(state, now, priority);
  if (until > now) return { result: { ok: false, waitUntil: until }, state };
  const sent = [...state.sent.filter((t) => t > now - state.windowMs), now];
  const server = state.server ? { ...state.server, sentSince: state.server.sentSince + 1 } : null;
  return { result: { ok: true }, state: { ...state, sent, server } };
}

/** Learns the plan and the server's remaining count from a response's `X-Rate-Limit-*` headers. */
export function observeHeaders(state: BucketState, headers: HeaderReader, now: number): BucketState {
  const limit = positiveInt(headers.get("x-rate-limit-limit"));
  const windowSeconds = positiveInt(headers.get("x-rate-limit-window"));
  const remaining = positiveInt(headers.get("x-rate-limit-remaining"));
  return {
    ...state,
    limit: limit !== undefined && limit > 0 ? limit : state.limit,
    windowMs: windowSeconds !== undefined && windowSeconds > 0 ? windowSeconds * 1000 : state.windowMs,
    server: remaining !== undefined ? { remaining, at: now, sentSince: 0 } : state.server,
  };
}

/** After a 429: nothing more in the group until the penalty is over, or the penalty would restart. */
export function penaliseBucket(state: BucketState, now: number, retryAfterMs: number | undefined): BucketState {
  return { ...state, blockedUntil: Math.max(state.blockedUntil, now + (retryAfterMs ?? PENALTY_MS)) };
}

/**
 * One connection's budget, wherever it is kept. `acquire` never sleeps: it takes a slot or says until when to
 * wait, so a durable job can reschedule itself instead of holding a worker.
 */
export interface RateBudget {
  acquire(group: RateGroup, priority: RatePriority): Promise<Acquired>;
  observe(group: RateGroup, headers: HeaderReader): Promise<void>;
  penalise(group: RateGroup, retryAfterMs: number | undefined): Promise<void>;
}

/** A budget held by one process: right for a lone client (CLI, tests); the hub shares its budget via PostgreSQL. */
export class MemoryRateBudget implements RateBudget {
  readonly #now: () => number;
  readonly #limits: Partial<Record<RateGroup, number>> | undefined;
  readonly #buckets = new Map<RateGroup, BucketState>();

  constructor(options: { now: () => number; limits?: Partial<Record<RateGroup, number>> }) {
    this.#now = options.now;
    this.#limits = options.limits;
  }

  #get(group: RateGroup): BucketState {
    return this.#buckets.get(group) ?? newBucket(group, this.#limits);
  }

  async acquire(group: RateGroup, priority: RatePriority): Promise<Acquired> {
    const { result, state } = acquireSlot(this.#get(group), this.#now(), priority);
    this.#buckets.set(group, state);
    return result;
  }

  async observe(group: RateGroup, headers: HeaderReader): Promise<void> {
    this.#buckets.set(group, observeHeaders(this.#get(group), headers, this.#now()));
  }

  async penalise(group: RateGroup, retryAfterMs: number | undefined): Promise<void> {
    this.#buckets.set(group, penaliseBucket(this.#get(group), this.#now(), retryAfterMs));
  }
}
