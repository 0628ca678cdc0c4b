import {
  type ConnectInput,
  ConnectionConfigError,
  type ConnectorOutcome,
  type ConnectStep,
  describe,
  type MaintainInput,
  type MaintainOutcome,
} from "../connection-types.ts";
import type { Subscription } from "./client-schemas.ts";
import type { RingcentralClients } from "./config.ts";

export const eventFiltersFor = (extensionIds: string[]) =>
  extensionIds.flatMap((id) => [
    `/restapi/v1.0/account/~/extension/${id}/telephony/sessions`,
    `/restapi/v1.0/account/~/extension/${id}/presence?detailedTelephonyState=true`,
  ]);

/**
 * Logs in (JWT grant), lists the users' extensions and subscribes to their telephony sessions and presence, with
 * the connection's secret as `verificationToken`. RingCentral checks our URL with the Validation-Token handshake
 * before the subscription exists, so the hub must already be listening at `webhookUrl`.
 */
export async function connectRingcentral(
  rc: RingcentralClients,
  { webhookUrl, secret, previous }: ConnectInput,
): Promise<ConnectorOutcome> {
  if (!secret) throw new ConnectionConfigError("the connection has no webhook secret");
  const previousId = previous?.remote?.subscriptionId;
  const previousSubscriptionId = typeof previousId === "string" ? previousId : undefined;
  const steps: ConnectStep[] = [];
  const extensions = await rc.client.listAllExtensions({ type: "User" });
  if (!extensions.ok) {
    steps.push({ step: "log in and list extensions", ok: false, detail: describe(extensions.error) });
    return { result: { ok: false, checkedAt: new Date().toISOString(), steps }, users: [] };
  }
  const users = extensions.value.map((e) => ({ externalId: String(e.id), email: e.contact?.email, name: e.name }));
  steps.push({ step: "log in and list extensions", ok: true, detail: `${users.length} users` });

  if (previousSubscriptionId) await rc.client.deleteSubscription(previousSubscriptionId);
  const sub = await subscribe(
    rc,
    users.map((u) => u.externalId),
    webhookUrl,
    secret,
  );
  steps.push({
    step: "create webhook subscription (with Validation-Token handshake)",
    ok: sub.ok,
    detail: sub.ok ? `${sub.value.id} ${sub.value.status}` : describe(sub.error),
  });
  const remote = sub.ok
    ? { subscriptionId: sub.value.id, expirationTime: sub.value.expirationTime, status: sub.value.status }
    : undefined;
  return { result: { ok: steps.every((s) => s.ok), checkedAt: new Date().toISOString(), steps, remote }, users };
}

export function subscribe(rc: RingcentralClients, extensionIds: string[], webhookUrl: string, secret: string) {
  return rc.client.createSubscription({
    eventFilters: eventFiltersFor(extensionIds),
    address: webhookUrl,
    verificationToken: secret,
    expiresIn: rc.settings.subscriptionExpiresIn,
  });
}

/** What the maintenance job does with a subscription it read back. */
export function subscriptionAction(
  sub: Subscription | null,
  nowMs: number,
  renewWithinMs: number,
): "keep" | "renew" | "recreate" {
  if (!sub || sub.status === "Blacklisted" || sub.status === "Suspended") return "recreate";
  const expires = sub.expirationTime ? Date.parse(sub.expirationTime) : Number.NaN;
  if (Number.isNaN(expires) || expires <= nowMs) return "recreate";
  return expires - nowMs < renewWithinMs ? "renew" : "keep";
}

/** Renew within this long of expiry (RingCentral subscriptions expire; a blacklisted one never comes back). */
const RENEW_WITHIN_MS = 24 * 3600_000;

/**
 * The subscription manager's step for one connection: its webhook subscription is read back; one close to expiry
 * is renewed, one that is Blacklisted, Suspended, expired or gone is deleted and created again. Null when the
 * connection has no subscription to look after.
 */
export async function maintainRingcentral(rc: RingcentralClients, input: MaintainInput): Promise<MaintainOutcome> {
  const subscriptionId = input.previous?.remote?.subscriptionId;
  if (typeof subscriptionId !== "string") return null;
  const current = await rc.client.getSubscription(subscriptionId);
  if (!current.ok && current.error.retryable) return { action: "unreachable" };
  const sub = current.ok ? current.value : null;
  const action = subscriptionAction(sub, input.nowMs, RENEW_WITHIN_MS);
  if (action === "keep") return { action, status: sub?.status, metricStatus: statusLabel(sub?.status) };
  let next = action === "renew" ? await rc.client.renewSubscription(subscriptionId) : null;
  if (!next?.ok) {
    if (sub) await rc.client.deleteSubscription(subscriptionId);
    next = await subscribe(rc, await input.externalIds(), input.webhookUrl, input.secret());
  }
  return {
    action: next.ok ? action : `${action}_failed`,
    status: next.ok ? next.value.status : undefined,
    metricStatus: statusLabel(next.ok ? next.value.status : sub?.status),
    remote: next.ok
      ? {
          ...(input.previous?.remote ?? {}),
          subscriptionId: next.value.id,
          expirationTime: next.value.expirationTime,
          status: next.value.status,
        }
      : undefined,
    log: { message: "RingCentral subscription maintained", previous: sub?.status, ok: next.ok },
  };
}

/** Metric labels come from closed lists: a status RingCentral might add later is counted as `Other`. */
const SUBSCRIPTION_STATUSES = new Set(["Active", "Suspended", "Blacklisted"]);
function statusLabel(status: string | undefined): string {
  if (status === undefined) return "Missing";
  return SUBSCRIPTION_STATUSES.has(status) ? status : "Other";
}
