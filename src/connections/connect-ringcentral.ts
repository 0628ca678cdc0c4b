import type { Subscription } from "../platforms/ringcentral/client-schemas.ts";
import type { PlatformClients } from "./clients.ts";
import { type ConnectorOutcome, type ConnectStep, describe } from "./connect-types.ts";

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
  rc: PlatformClients["ringcentral"],
  webhookUrl: string,
  secret: string,
  previousSubscriptionId?: string,
): Promise<ConnectorOutcome> {
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

export function subscribe(
  rc: PlatformClients["ringcentral"],
  extensionIds: string[],
  webhookUrl: string,
  secret: string,
) {
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
