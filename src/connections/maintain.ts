import { and, eq, isNull } from "drizzle-orm";
import { webhookUrlFor } from "../api/connections.ts";
import { agentIdentities, connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { PLATFORMS, type PlatformId } from "../domain/platform.ts";
import { decrypt } from "../lib/crypto.ts";
import type { ConnectResult } from "../platforms/connection-types.ts";
import { platforms } from "../platforms/registry.ts";
import type { ConnectionRow } from "./repo.ts";

type Report = Array<{ connectionId: string; action: string; status?: string }>;

/**
 * The subscription manager: every connected connection whose platform module maintains its webhook registration
 * (RingCentral's subscriptions expire) is looked after by that module; what changed is stored on the connection.
 */
export async function maintainSubscriptions(deps: Deps): Promise<Report> {
  const report: Report = [];
  // The gauge describes this run only: connections removed or re-created since leave no stale series behind.
  deps.metrics.subscriptionStatus.reset();
  for (const platform of PLATFORMS) {
    if (!platforms[platform].maintain) continue;
    const rows = await deps.database.db
      .select()
      .from(connections)
      .where(
        and(eq(connections.platform, platform), isNull(connections.deletedAt), eq(connections.status, "connected")),
      );
    for (const row of rows) {
      const entry = await maintainOne(deps, platform, row);
      if (entry) report.push(entry);
    }
  }
  return report;
}

async function maintainOne<P extends PlatformId>(deps: Deps, platform: P, row: ConnectionRow) {
  const maintain = platforms[platform].maintain;
  const secretEnc = row.webhookSecretEnc;
  if (!maintain || !secretEnc) return null;
  const previous = row.connectResult as ConnectResult | null;
  const outcome = await maintain(deps.clients.of(platform, row), {
    previous,
    webhookUrl: webhookUrlFor(deps, row),
    secret: () => decrypt(secretEnc, deps.secretKey),
    externalIds: async () =>
      (
        await deps.database.db
          .select({ id: agentIdentities.externalId })
          .from(agentIdentities)
          .where(eq(agentIdentities.connectionId, row.id))
      ).map((e) => e.id),
    nowMs: deps.now(),
  });
  if (!outcome) return null;
  if (outcome.remote) {
    await deps.database.db
      .update(connections)
      .set({
        connectResult: {
          ...(previous ?? { ok: true, checkedAt: new Date().toISOString(), steps: [] }),
          remote: outcome.remote,
        },
      })
      .where(eq(connections.id, row.id));
  }
  if (outcome.metricStatus !== undefined)
    deps.metrics.subscriptionStatus.set({ connection: row.id, status: outcome.metricStatus }, 1);
  if (outcome.log) {
    const { message, ...fields } = outcome.log;
    deps.log.info({ connectionId: row.id, action: outcome.action, ...fields }, message);
  }
  return { connectionId: row.id, action: outcome.action, status: outcome.status };
}
