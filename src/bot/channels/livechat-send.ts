import type { ConnectionRow } from "../../connections/repo.ts";
import { err, ok } from "../../lib/result.ts";
import { LivechatClient } from "../../platforms/livechat/client.ts";
import { livechatSettings } from "../../platforms/livechat/config.ts";
import type { InboxCredentials } from "../settings.ts";
import { LIVECHAT_MARKER_PREFIX } from "./livechat-inbound.ts";
import type { BotCommand, BotSendOutcome } from "./send.ts";

/** Bot tokens live 24 h; one is reused for 23 h, and dropped at once when LiveChat refuses it. */
const TOKEN_REUSE_MS = 23 * 3600 * 1000;
const tokens = new Map<string, { token: string; until: number }>();

/** General (group 0) always exists; a configured `handoffTeamId` names another group. */
export const handoffGroup = (teamId: string | null): number | null => {
  if (teamId === null || teamId === "") return 0;
  return /^\d{1,9}$/.test(teamId) ? Number(teamId) : null;
};

/**
 * LiveChat bot agent (platforms/livechat.md §2.1, §3): acts with its own token from `issue_bot_token`, replies with
 * `send_event` marked by `custom_id`, hands off with `transfer_chat` to the inbox's group (it leaves the chat).
 */
export async function sendLivechat(
  connection: ConnectionRow,
  credentials: InboxCredentials,
  payload: BotCommand,
): Promise<BotSendOutcome> {
  const settings = livechatSettings.safeParse(connection.settings);
  const { botId, botSecret, organizationId } = credentials;
  const clientId = credentials.clientId ?? (settings.success ? settings.data.clientId : undefined);
  if (!settings.success || !botId || !botSecret || !organizationId || !clientId)
    return err({
      kind: "auth",
      message: "the LiveChat bot needs the connection's settings and the bot's id, secret, Client ID and organization",
      retryable: false,
    });
  const base = {
    version: settings.data.apiVersion,
    ...(settings.data.baseUrl ? { baseUrl: settings.data.baseUrl } : {}),
  };
  let cached = tokens.get(botId);
  if (!cached || cached.until <= Date.now()) {
    const issued = await new LivechatClient({ ...base, auth: { kind: "none" } }).issueBotToken({
      botId,
      clientId,
      botSecret,
      organizationId,
    });
    if (!issued.ok) return issued;
    cached = { token: issued.value.token, until: Date.now() + TOKEN_REUSE_MS };
    tokens.set(botId, cached);
  }
  const client = new LivechatClient({ ...base, auth: { kind: "bearer", token: cached.token } });
  const outcome = await act(client, payload);
  if (!outcome.ok && outcome.error.kind === "auth") tokens.delete(botId);
  return outcome;
}

async function act(client: LivechatClient, payload: BotCommand): Promise<BotSendOutcome> {
  if (payload.kind === "bot.reply") {
    const sent = await client.sendEvent({
      chatId: payload.conversationId,
      event: { type: "message", text: payload.text, customId: `${LIVECHAT_MARKER_PREFIX}${payload.marker}` },
    });
    return sent.ok ? ok({ externalId: sent.value.eventId }) : sent;
  }
  const group = handoffGroup(payload.teamId);
  if (group === null)
    return err({
      kind: "invalid_response",
      message: `handoffTeamId ${payload.teamId} is not a LiveChat group id`,
      retryable: false,
    });
  const moved = await client.transferChat({ chatId: payload.conversationId, target: { type: "group", ids: [group] } });
  return moved.ok ? ok({}) : moved;
}
