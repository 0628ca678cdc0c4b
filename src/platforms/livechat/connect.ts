import {
  type ConnectInput,
  ConnectionConfigError,
  type ConnectorOutcome,
  type ConnectStep,
  describe,
} from "../connection-types.ts";
import type { LivechatClients } from "./config.ts";
import { CONSUMED_ACTIONS } from "./webhook-schema.ts";

/** The webhook actions registered on connect: what the mapper consumes (`incoming_customer` exists in v3.5 only). */
export const livechatActions = (version: "v3.5" | "v3.6") =>
  CONSUMED_ACTIONS.filter((a) => version === "v3.5" || a !== "incoming_customer");

/**
 * Validates the credentials (list_agents), replaces our webhook registrations (one per action, the connection's
 * secret as `secret_key`) and turns license webhooks on. Safe to run again: it removes its own old registrations.
 */
export async function connectLivechat(
  { client, settings }: LivechatClients,
  { webhookUrl, secret }: ConnectInput,
): Promise<ConnectorOutcome> {
  if (!secret) throw new ConnectionConfigError("the connection has no webhook secret");
  const steps: ConnectStep[] = [];
  const done = (ok: boolean) => ({ ok, checkedAt: new Date().toISOString(), steps });
  const agents = await client.listAgents();
  if (!agents.ok) {
    steps.push({ step: "validate credentials (list_agents)", ok: false, detail: describe(agents.error) });
    return { result: done(false), users: [] };
  }
  steps.push({ step: "validate credentials (list_agents)", ok: true, detail: `${agents.value.length} agents` });

  const existing = await client.listWebhooks(settings.clientId);
  if (existing.ok) {
    for (const hook of existing.value.filter((h) => h.url === webhookUrl)) {
      await client.unregisterWebhook({ id: hook.id, ownerClientId: settings.clientId });
    }
  }
  const ids: Record<string, string> = {};
  for (const action of livechatActions(settings.apiVersion)) {
    const res = await client.registerWebhook({
      url: webhookUrl,
      action,
      secretKey: secret,
      ownerClientId: settings.clientId,
      type: "license",
    });
    steps.push({ step: `register_webhook ${action}`, ok: res.ok, detail: res.ok ? res.value.id : describe(res.error) });
    if (res.ok) ids[action] = res.value.id;
  }
  const enabled = await client.enableLicenseWebhooks(settings.clientId);
  steps.push({
    step: "enable_license_webhooks",
    ok: enabled.ok,
    detail: enabled.ok ? undefined : describe(enabled.error),
  });

  const users = agents.value.map((a) => ({
    externalId: a.id,
    email: a.id.includes("@") ? a.id : undefined,
    name: a.name,
  }));
  return { result: { ...done(steps.every((s) => s.ok)), remote: { webhookIds: ids } }, users };
}
