import { eq } from "drizzle-orm";
import { syncIdentities } from "../agents/discover.ts";
import { webhookUrlFor } from "../api/connections.ts";
import { audit } from "../db/audit.ts";
import { connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { isPlatformId, type PlatformId } from "../domain/platform.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { decrypt, encrypt } from "../lib/crypto.ts";
import { ConnectionConfigError, type ConnectorOutcome, type ConnectResult } from "../platforms/connection-types.ts";
import { platforms } from "../platforms/registry.ts";
import { type ConnectionRow, findConnection } from "./repo.ts";

/**
 * Validates a connection's credentials against its platform, registers webhooks, discovers its users as agents,
 * and stores the outcome on the connection. Running it again repairs a broken registration.
 */
export async function connectConnection(
  deps: Deps,
  workspaceId: string,
  actor: string,
  id: string,
): Promise<ConnectResult | null> {
  const row = await findConnection(deps.database.db, workspaceId, id);
  if (!row) return null;
  const webhookUrl = webhookUrlFor(deps, row);
  const secret = row.webhookSecretEnc ? decrypt(row.webhookSecretEnc, deps.secretKey) : null;
  let outcome: ConnectorOutcome;
  try {
    outcome = await runConnector(deps, row, webhookUrl, secret);
  } catch (error) {
    if (!(error instanceof ConnectionConfigError)) throw error;
    outcome = {
      result: {
        ok: false,
        checkedAt: new Date().toISOString(),
        steps: [{ step: "read credentials and settings", ok: false, detail: error.message }],
      },
      users: [],
    };
  }
  const { result, users, notAgents = [], webhookSecret } = outcome;
  await deps.database.db.transaction(async (tx) => {
    await tx
      .update(connections)
      .set({
        status: result.ok ? "connected" : "error",
        connectResult: result,
        ...(webhookSecret ? { webhookSecretEnc: encrypt(webhookSecret, deps.secretKey) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(connections.id, row.id));
    const discovered = await syncIdentities(tx, workspaceId, row, users, notAgents);
    // Poll now rather than at the next tick, so the agents' current states become the baseline against which a
    // person's next change is recognised as their choice. Tick 1 reads Chatwoot (no webhooks tell us its state);
    // LiveChat and RingCentral follow at the next full tick — an immediate full read from every worker would spend
    // RingCentral's 5-logins-a-minute budget on a fresh deployment.
    if (result.ok) await enqueue(tx, "reconcile-tick", { tick: 1 }, { jobKey: "reconcile-tick", runAt: new Date() });
    result.steps.push({
      step: "discover agents",
      ok: true,
      detail: `${users.length} users, ${discovered.agentsCreated} new agents${discovered.agentsRemoved > 0 ? `, ${discovered.agentsRemoved} removed (not agents)` : ""}`,
    });
    await audit(tx, { workspaceId, actor, action: "connection.connected", target: row.id, details: { ok: result.ok } });
  });
  deps.connections.invalidate(row.id);
  return result;
}

/** Runs the connection's platform module's `connect`. */
function runConnector(deps: Deps, row: ConnectionRow, webhookUrl: string, secret: string | null) {
  if (!isPlatformId(row.platform)) throw new ConnectionConfigError(`unknown platform ${row.platform}`);
  return connectWith(deps, row.platform, row, webhookUrl, secret);
}

function connectWith<P extends PlatformId>(
  deps: Deps,
  platform: P,
  row: ConnectionRow,
  webhookUrl: string,
  secret: string | null,
): Promise<ConnectorOutcome> {
  const previous = (row.connectResult as ConnectResult | null) ?? null;
  return platforms[platform].connect(deps.clients.of(platform, row), { webhookUrl, secret, previous });
}
