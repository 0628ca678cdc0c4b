import { type ConnectInput, type ConnectorOutcome, type ConnectStep, describe } from "../connection-types.ts";
import type { ChatwootClients } from "./config.ts";

export const CHATWOOT_SUBSCRIPTIONS = [
  "conversation_created",
  "conversation_status_changed",
  "conversation_updated",
  "message_created",
  "contact_created",
  "contact_updated",
] as const;

/**
 * Validates the token (agents list) and registers the account webhook when the token is an administrator's; then
 * Chatwoot's generated secret becomes the connection's webhook secret. Otherwise it returns the manual steps.
 */
export async function connectChatwoot(
  { client }: ChatwootClients,
  { webhookUrl }: ConnectInput,
): Promise<ConnectorOutcome> {
  const steps: ConnectStep[] = [];
  const agents = await client.listAgents();
  if (!agents.ok) {
    steps.push({ step: "validate token (list agents)", ok: false, detail: describe(agents.error) });
    return { result: { ok: false, checkedAt: new Date().toISOString(), steps }, users: [] };
  }
  const all = agents.value.map((a) => ({
    externalId: String(a.id),
    email: a.email ?? undefined,
    name: a.name ?? undefined,
  }));
  // Chatwoot lists the token's own user among the agents. Switchboard's token belongs to the integration's user
  // (platforms/chatwoot.md §4.3 advises a dedicated one): it takes no conversations, so it is not an agent.
  const profile = await client.getProfile();
  const ownId = profile.ok ? String(profile.value.id) : null;
  const users = all.filter((u) => u.externalId !== ownId);
  const notAgents = all.filter((u) => u.externalId === ownId);
  const own = notAgents[0];
  steps.push({
    step: "validate token (list agents)",
    ok: true,
    detail: `${users.length} agents${own ? `; ${own.name ?? own.email ?? own.externalId} is the token's own user, not an agent` : ""}${profile.ok ? "" : ` (the token's own user is unknown: ${describe(profile.error)})`}`,
  });

  const hooks = await client.listWebhooks();
  if (!hooks.ok) {
    steps.push({ step: "list account webhooks", ok: false, detail: describe(hooks.error) });
    return {
      result: {
        ok: false,
        checkedAt: new Date().toISOString(),
        steps,
        manualSteps: [
          "This token cannot manage webhooks (it needs an administrator's access token). In Chatwoot: Settings → Integrations → Webhooks → Add new webhook.",
          `URL: ${webhookUrl}`,
          `Events: ${CHATWOOT_SUBSCRIPTIONS.join(", ")}`,
          'Copy the webhook\'s secret and set it here: PATCH /api/connections/<id> {"webhookSecret": "…"}.',
        ],
      },
      users,
      notAgents,
    };
  }
  const existing = hooks.value.find((h) => h.url === webhookUrl);
  if (existing?.secret) {
    steps.push({ step: "account webhook", ok: true, detail: `already registered (id ${existing.id})` });
    return {
      result: { ok: true, checkedAt: new Date().toISOString(), steps, remote: { webhookId: existing.id } },
      users,
      notAgents,
      webhookSecret: existing.secret,
    };
  }
  const created = await client.createWebhook({
    url: webhookUrl,
    name: "Switchboard",
    subscriptions: [...CHATWOOT_SUBSCRIPTIONS],
  });
  steps.push({
    step: "create account webhook",
    ok: created.ok,
    detail: created.ok ? `id ${created.value.id}` : describe(created.error),
  });
  if (!created.ok) return { result: { ok: false, checkedAt: new Date().toISOString(), steps }, users, notAgents };
  return {
    result: { ok: true, checkedAt: new Date().toISOString(), steps, remote: { webhookId: created.value.id } },
    users,
    notAgents,
    webhookSecret: created.value.secret ?? undefined,
  };
}
