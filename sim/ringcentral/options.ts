import type { EmitterOptions } from "../shared/webhooks.ts";

/** RingCentral usage-plan groups (doc §4). */
export type RateGroup = "Light" | "Medium" | "Heavy" | "Auth";
export const RATE_GROUPS: readonly RateGroup[] = ["Light", "Medium", "Heavy", "Auth"];

/**
 * Demo credentials and ids. Documented constants so the lead can map env vars onto them; every one can be
 * overridden through `RingcentralSimOptions`.
 */
export const RINGCENTRAL_SIM_DEFAULTS = {
  clientId: "sim-rc-client-id",
  clientSecret: "sim-rc-client-secret",
  accountId: "6200000004",
  /** HMAC key the sandbox signs the demo users' JWT credentials with (JWTs are deterministic for a given key). */
  jwtSigningKey: "sim-rc-jwt-signing-key-change-me",
  mainNumber: "+16505550100",
  accessTokenTtlSec: 3600,
  refreshTokenTtlSec: 604_800,
  rateLimits: { Light: 50, Medium: 40, Heavy: 10, Auth: 5 } satisfies Record<RateGroup, number>,
  rateLimitWindowSec: 60,
  rateLimitPenaltySec: 60,
  callLogLagMs: 20_000,
  handshakeTimeoutMs: 3000,
  blacklistAfterFailures: 5,
  subscriptionLimit: 30,
  /** UNCONFIRMED default: the spec's example response shows ~7 days. */
  defaultSubscriptionTtlSec: 604_800,
  orderingWaitMs: 250,
  postsPerDay: 2500,
  reminderCheckMs: 1000,
} as const;

export type RingcentralSimOptions = {
  clientId?: string;
  clientSecret?: string;
  accountId?: string;
  jwtSigningKey?: string;
  /** Access-token lifetime (`expires_in`). */
  accessTokenTtlSec?: number;
  refreshTokenTtlSec?: number;
  /**
   * The docs say a used refresh token still answers (same result) for ~10 s once the new access token was used.
   * 0 (default) makes refresh tokens strictly single-use.
   */
  refreshReuseGraceSec?: number;
  /** Per-group limits per 60 s window per app+user; `false` turns rate limiting off. */
  rateLimits?: Partial<Record<RateGroup, number>> | false;
  rateLimitWindowSec?: number;
  rateLimitPenaltySec?: number;
  /** Call-log records (and recordings) appear this long after a call ends (real platform: 15–30 s). */
  callLogLagMs?: number;
  handshakeTimeoutMs?: number;
  /** Consecutive failed deliveries (after the emitter's retries) before a subscription is Blacklisted. */
  blacklistAfterFailures?: number;
  subscriptionLimit?: number;
  defaultSubscriptionTtlSec?: number;
  /** How long to wait for one notification's delivery before emitting the next (keeps order without blocking). */
  orderingWaitMs?: number;
  postsPerDay?: number;
  /** How often renewal reminders (`/restapi/v1.0/subscription/~?threshold=…`) are checked; 0 disables. */
  reminderCheckMs?: number;
  /** Base URL used in `uri` fields; default: derived from each request's Host. */
  publicUrl?: string;
  /** Base URL of the media entry point used in `contentUri`; default: same as the API. */
  mediaUrl?: string;
  /**
   * Queue calls the sandbox makes by itself so analytics have data: `perDay` calls for each of the last
   * `backfillDays` days at start (and after a reset), then the same rate trickled every minute. Default: none.
   */
  queueCalls?: { backfillDays: number; perDay: number };
  /** Clock in ms; tests may pass a fake one. */
  clock?: () => number;
  webhooks?: EmitterOptions;
  logger?: boolean;
};

export type SimConfig = {
  clientId: string;
  clientSecret: string;
  accountId: string;
  jwtSigningKey: string;
  mainNumber: string;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  refreshReuseGraceSec: number;
  rateLimits: Record<RateGroup, number> | false;
  rateLimitWindowSec: number;
  rateLimitPenaltySec: number;
  callLogLagMs: number;
  handshakeTimeoutMs: number;
  blacklistAfterFailures: number;
  subscriptionLimit: number;
  defaultSubscriptionTtlSec: number;
  orderingWaitMs: number;
  postsPerDay: number;
  reminderCheckMs: number;
  publicUrl: string | undefined;
  mediaUrl: string | undefined;
  queueCalls: { backfillDays: number; perDay: number } | undefined;
  now: () => number;
};

export function resolveConfig(options: RingcentralSimOptions): SimConfig {
  const d = RINGCENTRAL_SIM_DEFAULTS;
  return {
    clientId: options.clientId ?? d.clientId,
    clientSecret: options.clientSecret ?? d.clientSecret,
    accountId: options.accountId ?? d.accountId,
    jwtSigningKey: options.jwtSigningKey ?? d.jwtSigningKey,
    mainNumber: d.mainNumber,
    accessTokenTtlSec: options.accessTokenTtlSec ?? d.accessTokenTtlSec,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? d.refreshTokenTtlSec,
    refreshReuseGraceSec: options.refreshReuseGraceSec ?? 0,
    rateLimits: options.rateLimits === false ? false : { ...d.rateLimits, ...options.rateLimits },
    rateLimitWindowSec: options.rateLimitWindowSec ?? d.rateLimitWindowSec,
    rateLimitPenaltySec: options.rateLimitPenaltySec ?? d.rateLimitPenaltySec,
    callLogLagMs: options.callLogLagMs ?? d.callLogLagMs,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? d.handshakeTimeoutMs,
    blacklistAfterFailures: options.blacklistAfterFailures ?? d.blacklistAfterFailures,
    subscriptionLimit: options.subscriptionLimit ?? d.subscriptionLimit,
    defaultSubscriptionTtlSec: options.defaultSubscriptionTtlSec ?? d.defaultSubscriptionTtlSec,
    orderingWaitMs: options.orderingWaitMs ?? d.orderingWaitMs,
    postsPerDay: options.postsPerDay ?? d.postsPerDay,
    reminderCheckMs: options.reminderCheckMs ?? d.reminderCheckMs,
    publicUrl: options.publicUrl?.replace(/\/+$/, ""),
    mediaUrl: options.mediaUrl?.replace(/\/+$/, ""),
    queueCalls: options.queueCalls,
    now: options.clock ?? Date.now,
  };
}
