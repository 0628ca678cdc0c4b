import { randomUUID } from "node:crypto";
import type { EventFilter } from "./filters.ts";
import type { SimConfig } from "./options.ts";

/** `Suspended` is the legacy status; the current spec lists Active and Blacklisted. */
export type SubscriptionStatus = "Active" | "Suspended" | "Blacklisted";

export type Subscription = {
  id: string;
  ownerId: string;
  clientId: string;
  filters: EventFilter[];
  address: string;
  /** Write-only: never shown in SubscriptionInfo. */
  verificationToken?: string;
  ttlSec: number;
  expiresAt: number;
  createdAt: number;
  status: SubscriptionStatus;
  blacklistedData?: { blacklistedAt: string; reason: string };
  consecutiveFailures: number;
  delivered: number;
  failed: number;
  lastReminderAt?: number;
};

export type NewSubscription = Pick<Subscription, "ownerId" | "clientId" | "filters" | "address" | "ttlSec"> & {
  verificationToken?: string;
};

/** Webhook subscriptions. Expired ones vanish (404) — UNCONFIRMED: the docs only say they stop delivering. */
export class SubscriptionStore {
  readonly #config: SimConfig;
  #subs = new Map<string, Subscription>();

  constructor(config: SimConfig) {
    this.#config = config;
  }

  create(input: NewSubscription): Subscription {
    const now = this.#config.now();
    const sub: Subscription = {
      id: randomUUID(),
      ...input,
      expiresAt: now + input.ttlSec * 1000,
      createdAt: now,
      status: "Active",
      consecutiveFailures: 0,
      delivered: 0,
      failed: 0,
    };
    this.#subs.set(sub.id, sub);
    return sub;
  }

  get(id: string): Subscription | undefined {
    const sub = this.#subs.get(id);
    if (sub && this.#config.now() >= sub.expiresAt) {
      this.#subs.delete(id);
      return undefined;
    }
    return sub;
  }

  list(): Subscription[] {
    return [...this.#subs.keys()].flatMap((id) => this.get(id) ?? []);
  }

  countFor(ownerId: string, clientId: string): number {
    return this.list().filter((s) => s.ownerId === ownerId && s.clientId === clientId).length;
  }

  /** Only Active, unexpired subscriptions receive notifications. */
  deliverable(): Subscription[] {
    return this.list().filter((s) => s.status === "Active");
  }

  delete(id: string): boolean {
    return this.#subs.delete(id);
  }

  /**
   * Renewal restarts the subscription's own lifetime (changelog 1.0.38: expiresIn is not reset to the default).
   * A Suspended subscription comes back; a Blacklisted one stays blacklisted (the docs say delete and recreate).
   */
  renew(sub: Subscription, ttlSec?: number): void {
    if (ttlSec !== undefined) sub.ttlSec = ttlSec;
    sub.expiresAt = this.#config.now() + sub.ttlSec * 1000;
    if (sub.status === "Suspended") sub.status = "Active";
    sub.lastReminderAt = undefined;
  }

  /** Final outcome of one delivery (after the emitter's retries). */
  recordResult(sub: Subscription, delivered: boolean): void {
    if (delivered) {
      sub.delivered += 1;
      sub.consecutiveFailures = 0;
      return;
    }
    sub.failed += 1;
    sub.consecutiveFailures += 1;
    if (sub.status === "Active" && sub.consecutiveFailures >= this.#config.blacklistAfterFailures) {
      this.blacklist(
        sub,
        `I/O operation is failed. Details: [${sub.consecutiveFailures} consecutive deliveries failed]`,
      );
    }
  }

  blacklist(sub: Subscription, reason: string): void {
    sub.status = "Blacklisted";
    sub.blacklistedData = { blacklistedAt: new Date(this.#config.now()).toISOString(), reason };
  }

  expire(sub: Subscription): void {
    sub.expiresAt = this.#config.now();
  }

  reset(): void {
    this.#subs.clear();
  }
}

/** `SubscriptionInfo` (spec): `expiresIn` is the time left, as in the blacklisted sample. */
export function subscriptionInfo(sub: Subscription, base: string, now: number): Record<string, unknown> {
  const info: Record<string, unknown> = {
    uri: `${base}/restapi/v1.0/subscription/${sub.id}`,
    id: sub.id,
    creationTime: new Date(sub.createdAt).toISOString(),
    status: sub.status,
    eventFilters: sub.filters.map((f) => f.resolved),
    expirationTime: new Date(sub.expiresAt).toISOString(),
    expiresIn: Math.max(0, Math.floor((sub.expiresAt - now) / 1000)),
    deliveryMode: { transportType: "WebHook", encryption: false, address: sub.address },
  };
  if (sub.blacklistedData) info.blacklistedData = { ...sub.blacklistedData };
  return info;
}
