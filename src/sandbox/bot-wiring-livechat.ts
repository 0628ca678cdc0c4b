import { saveInbox } from "../bot/inboxes.ts";
import { inboxSettingsSchema } from "../bot/settings.ts";
import type { Deps } from "../deps.ts";

export const DEMO_LIVECHAT_BOT_INBOX_ID = "livechat-bot";
export const DEMO_LIVECHAT_BOT_NAME = "Switchboard bot";
/** The bot sits in LiveChat's General group; a handoff transfers the chat to group 1 (the demo's people). */
export const DEMO_LIVECHAT_BOT_GROUP = 0;
const HANDOFF_GROUP = "1";
const WEBHOOK_SECRET = "sandbox-livechat-bot-webhooks";

type LcCredentials = { basicAuthorization: string; clientId: string; organizationId: string };

/** Calls the LiveChat sandbox's Agent or Configuration API as the sandbox's own admin. */
export async function livechatCall(url: string, api: "agent" | "configuration", action: string, body: unknown) {
  const creds = (await (await fetch(`${url}/_sim/credentials`)).json()) as LcCredentials;
  const res = await fetch(`${url}/v3.6/${api}/action/${action}`, {
    method: "POST",
    headers: { authorization: creds.basicAuthorization, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`LiveChat ${action}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Sandbox mode, LiveChat: a bot agent created in the LiveChat sandbox (`create_bot`), the hub's bot inbox with its
 * credentials, its bot webhooks registered for the hub's bot webhook URL, and the bot accepting chats — as
 * docs/bot.md tells a support lead to do. Once per sandbox (an existing bot of that name is left as it is).
 */
export async function wireSandboxLivechatBot(
  deps: Deps,
  workspaceId: string,
  livechatUrl: string,
  hubUrl: string,
): Promise<void> {
  const bots = (await livechatCall(livechatUrl, "configuration", "list_bots", {})) as Array<{ name?: string }>;
  if (bots.some((b) => b.name === DEMO_LIVECHAT_BOT_NAME)) return;
  const creds = (await (await fetch(`${livechatUrl}/_sim/credentials`)).json()) as LcCredentials;
  const bot = (await livechatCall(livechatUrl, "configuration", "create_bot", {
    name: DEMO_LIVECHAT_BOT_NAME,
    owner_client_id: creds.clientId,
    groups: [{ id: DEMO_LIVECHAT_BOT_GROUP, priority: "first" }],
  })) as { id: string; secret: string };
  const connections = await deps.database.pool.query<{ id: string }>(
    "select id from connections where workspace_id = $1 and platform = 'livechat' and deleted_at is null order by id limit 1",
    [workspaceId],
  );
  const settings = inboxSettingsSchema.parse({
    enabled: true,
    channel: "livechat",
    connectionId: connections.rows[0]?.id ?? null,
    externalInboxId: String(DEMO_LIVECHAT_BOT_GROUP),
    threshold: 0.5,
    handoffTeamId: HANDOFF_GROUP,
    provider: "extractive",
  });
  await saveInbox(deps.database.db, deps.secretKey, workspaceId, DEMO_LIVECHAT_BOT_INBOX_ID, settings, {
    botId: bot.id,
    botSecret: bot.secret,
    clientId: creds.clientId,
    organizationId: creds.organizationId,
    webhookSecret: WEBHOOK_SECRET,
  });
  const url = `${hubUrl.replace(/\/+$/, "")}/webhooks/bot/${workspaceId}/${DEMO_LIVECHAT_BOT_INBOX_ID}`;
  for (const action of ["incoming_chat", "incoming_event", "chat_transferred", "chat_deactivated"])
    await livechatCall(livechatUrl, "configuration", "register_webhook", {
      url,
      action,
      secret_key: WEBHOOK_SECRET,
      owner_client_id: creds.clientId,
      type: "bot",
      additional_data: ["chat_presence_user_ids"],
    });
  await livechatCall(livechatUrl, "agent", "set_routing_status", { status: "accepting_chats", agent_id: bot.id });
  deps.log.info({ inbox: DEMO_LIVECHAT_BOT_INBOX_ID, botId: bot.id }, "sandbox agent bot wired to LiveChat");
}
