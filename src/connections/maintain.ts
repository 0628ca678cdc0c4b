import { and, eq, isNull } from "drizzle-orm";
import { agentIdentities, connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { decrypt } from "../lib/crypto.ts";
import { subscribe, subscriptionAction } from "./connect-ringcentral.ts";
import type { ConnectResult } from "./connect-types.ts";
import { webhookUrlFor } from "./service.ts";

/** Renew within this long of expiry (RingCentral subscriptions expire; a blacklisted one never comes back). */
const RENEW_WITHIN_MS = 24 * 3600_000;

/**
 * The subscription manager: every RingCentral connection's webhook subscription is read back; one that is close to
 * expiry is renewed, one that is Blacklisted, Suspended, expired or gone is deleted and created again.
 */
export async function maintainSubscriptions(
  deps: Deps,
): Promise<Array<{ connectionId: string; action: string; status?: string }>> {
  const db = deps.database.db;
  const rows = await db
    .select()
    .from(connections)
    .where(
      and(eq(connections.platform, "ringcentral"), isNull(connections.deletedAt), eq(connections.status, "connected")),
    );
  const report: Array<{ connectionId: string; action: string; status?: string }> = [];
  // The gauge describes this run only: connections removed or re-created since leave no stale series behind.
  deps.metrics.subscriptionStatus.reset();
  for (const row of rows) {
    const result = row.connectResult as ConnectResult | null;
    const subscriptionId = result?.remote?.subscriptionId;
    if (typeof subscriptionId !== "string" || !row.webhookSecretEnc) continue;
    const rc = deps.clients.ringcentral(row);
    const current = await rc.client.getSubscription(subscriptionId);
    if (!current.ok && current.error.retryable) {
      report.push({ connectionId: row.id, action: "unreachable" });
      continue;
    }
    const sub = current.ok ? current.value : null;
    const action = subscriptionAction(sub, deps.now(), RENEW_WITHIN_MS);
    if (action === "keep") {
      deps.metrics.subscriptionStatus.set({ connection: row.id, status: statusLabel(sub?.status) }, 1);
      report.push({ connectionId: row.id, action, status: sub?.status });
      continue;
    }
    let next = action === "renew" ? await rc.client.renewSubscription(subscriptionId) : null;
    if (!next?.ok) {
      if (sub) await rc.client.deleteSubscription(subscriptionId);
      const extensions = await db
        .select({ id: agentIdentities.externalId })
        .from(agentIdentities)
        .where(eq(agentIdentities.connectionId, row.id));
      next = await subscribe(
        rc,
        extensions.map((e) => e.id),
        webhookUrlFor(deps, row),
        decrypt(row.webhookSecretEnc, deps.secretKey),
      );
    }
    if (next.ok) {
      const remote = {
        ...(result?.remote ?? {}),
        subscriptionId: next.value.id,
        expirationTime: next.value.expirationTime,
        status: next.value.status,
      };
      await db
        .update(connections)
        .set({ connectResult: { ...(result ?? { ok: true, checkedAt: new Date().toISOString(), steps: [] }), remote } })
        .where(eq(connections.id, row.id));
    }
    deps.metrics.subscriptionStatus.set(
      { connection: row.id, status: statusLabel(next.ok ? next.value.status : sub?.status) },
      1,
    );
    deps.log.info(
      { connectionId: row.id, action, previous: sub?.status, ok: next.ok },
      "RingCentral subscription maintained",
    );
    report.push({
      connectionId: row.id,
      action: next.ok ? action : `${action}_failed`,
      status: next.ok ? next.value.status : undefined,
    });
  }
  return report;
}

/** Metric labels come from closed lists: a status RingCentral might add later is counted as `Other`. */
const SUBSCRIPTION_STATUSES = new Set(["Active", "Suspended", "Blacklisted"]);
function statusLabel(status: string | undefined): string {
  if (status === undefined) return "Missing";
  return SUBSCRIPTION_STATUSES.has(status) ? status : "Other";
}
