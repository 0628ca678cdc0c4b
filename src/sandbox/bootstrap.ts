import { and, eq, isNull, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { type Sandboxes, startSandboxes } from "../../sim/start.ts";
import { ensureSandboxChatGroup } from "../chat/sandbox-group.ts";
import type { Config } from "../config.ts";
import { connectConnection } from "../connections/connect.ts";
import { sealCredentials } from "../connections/repo.ts";
import { createConnection } from "../connections/service.ts";
import { connections } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { PlatformId } from "../domain/platform.ts";

type Credentials = {
  livechat: { accountId: string; pat: string; clientId: string };
  ringcentral: { clientId: string; clientSecret: string; users: Array<{ jwt: string }> };
  chatwoot: { accountId: number; admin: { accessToken: string } };
};

/** Sandbox mode: the three sandboxes in-process, before the hub listens. */
export function startSandboxMode(config: Config, log: Logger): Promise<Sandboxes> {
  log.info("starting the LiveChat, RingCentral and Chatwoot sandboxes");
  return startSandboxes({
    ports: {
      livechat: config.SANDBOX_LIVECHAT_PORT,
      ringcentral: config.SANDBOX_RINGCENTRAL_PORT,
      chatwoot: config.SANDBOX_CHATWOOT_PORT,
      llm: config.SANDBOX_LLM_PORT,
    },
    env: { SIM_RINGCENTRAL_RATE_SCALE: String(config.SANDBOX_TIME_SCALE) },
  });
}

/**
 * Wires the workspace to the sandboxes: one connection per platform (created on first start, updated with the
 * sandboxes' addresses after), then connects each — webhooks registered, RingCentral subscription handshake
 * answered by the now-listening hub, the demo team discovered as agents.
 */
export async function wireSandboxWorkspace(deps: Deps, workspaceId: string, sandboxes: Sandboxes): Promise<void> {
  const fetchJson = async <T>(url: string) => (await (await fetch(url)).json()) as T;
  const lc = await fetchJson<Credentials["livechat"]>(`${sandboxes.livechat.url}/_sim/credentials`);
  const rc = await fetchJson<Credentials["ringcentral"]>(`${sandboxes.ringcentral.url}/_sim/credentials`);
  const cw = await fetchJson<Credentials["chatwoot"]>(`${sandboxes.chatwoot.url}/_sim/credentials`);
  const wanted: Record<
    PlatformId,
    { name: string; settings: Record<string, unknown>; credentials: Record<string, unknown> }
  > = {
    livechat: {
      name: "Sandbox LiveChat",
      settings: { sandbox: true, baseUrl: sandboxes.livechat.url, clientId: lc.clientId, apiVersion: "v3.6" },
      credentials: { accountId: lc.accountId, pat: lc.pat },
    },
    ringcentral: {
      name: "Sandbox RingCentral",
      settings: { sandbox: true, serverUrl: sandboxes.ringcentral.url },
      credentials: { clientId: rc.clientId, clientSecret: rc.clientSecret, jwt: rc.users[0]?.jwt ?? "" },
    },
    chatwoot: {
      name: "Sandbox Chatwoot",
      settings: { sandbox: true, baseUrl: sandboxes.chatwoot.url, accountId: cw.accountId },
      credentials: { apiAccessToken: cw.admin.accessToken },
    },
  };
  await forgetPreviousSandboxLife(deps, workspaceId);
  for (const platform of ["livechat", "ringcentral", "chatwoot"] as const) {
    const id = await ensureSandboxConnection(deps, workspaceId, platform, wanted[platform]);
    const result = await connectConnection(deps, workspaceId, "sandbox", id);
    const failed = result?.steps.filter((s) => !s.ok) ?? [];
    if (failed.length > 0) deps.log.warn({ platform, failed }, "sandbox connection did not connect cleanly");
    else deps.log.info({ platform, connectionId: id }, "sandbox connection connected");
  }
  // The built-in chat: a default group with the demo team, so /widget-demo works at once.
  await ensureSandboxChatGroup(deps.database.db, workspaceId, deps.now());
}

async function ensureSandboxConnection(
  deps: Deps,
  workspaceId: string,
  platform: PlatformId,
  wanted: { name: string; settings: Record<string, unknown>; credentials: Record<string, unknown> },
): Promise<string> {
  const db = deps.database.db;
  const [existing] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(
      and(
        eq(connections.workspaceId, workspaceId),
        eq(connections.platform, platform),
        isNull(connections.deletedAt),
        sql`${connections.settings}->>'sandbox' = 'true'`,
      ),
    )
    .limit(1);
  if (!existing) {
    const created = await createConnection(deps, workspaceId, "sandbox", { platform, ...wanted });
    return created.id;
  }
  await db
    .update(connections)
    .set({
      settings: wanted.settings,
      credentialsEnc: sealCredentials(wanted.credentials, deps.secretKey),
      updatedAt: new Date(),
    })
    .where(eq(connections.id, existing.id));
  deps.connections.invalidate(existing.id);
  return existing.id;
}

/**
 * The sandboxes start empty on every run (their state lives in memory), so what the hub remembers of the last run —
 * engagements, last known platform states, RingCentral sequence numbers — describes a world that is gone. Agents
 * start over from their defaults; conversations left open are closed. Real connections are never touched.
 */
async function forgetPreviousSandboxLife(deps: Deps, workspaceId: string): Promise<void> {
  const sandboxConnections = sql`(select id from ${connections} where ${connections.workspaceId} = ${workspaceId} and ${connections.settings}->>'sandbox' = 'true')`;
  await deps.database.db.transaction(async (tx) => {
    await tx.execute(sql`update agents set state = null, actuals = '{}'::jsonb, desired = '{}'::jsonb, updated_at = now()
      where workspace_id = ${workspaceId} and id in (select agent_id from agent_identities where connection_id in ${sandboxConnections})`);
    await tx.execute(sql`update conversations set status = 'ended', ended_at = coalesce(ended_at, now()), updated_at = now()
      where workspace_id = ${workspaceId} and status = 'active' and connection_id in ${sandboxConnections}`);
  });
}
