import type { ConnectionRow } from "../../connections/repo.ts";
import { err, ok } from "../../lib/result.ts";
import { ChatwootClient } from "../../platforms/chatwoot/client.ts";
import { chatwootSettings } from "../../platforms/chatwoot/config.ts";
import type { InboxCredentials } from "../settings.ts";
import type { BotCommand, BotSendOutcome } from "./send.ts";
import { BOT_MARKER_KEY } from "./types.ts";

/**
 * Chatwoot agent bot (doc §3.3–3.4): replies as the bot with its access_token, marked with our id; hands off by
 * opening the conversation (Chatwoot's bot_handoff!: waiting_since, auto-assignment) and assigning the team.
 */
export async function sendChatwoot(
  connection: ConnectionRow,
  credentials: InboxCredentials,
  payload: BotCommand,
): Promise<BotSendOutcome> {
  const settings = chatwootSettings.safeParse(connection.settings);
  if (!settings.success || !credentials.botAccessToken)
    return err({
      kind: "auth",
      message: "the Chatwoot bot needs the connection's account and the bot's access_token",
      retryable: false,
    });
  const client = new ChatwootClient({
    baseUrl: settings.data.baseUrl,
    accountId: settings.data.accountId,
    apiAccessToken: credentials.botAccessToken,
  });
  if (payload.kind === "bot.reply") {
    const sent = await client.createMessage(payload.conversationId, {
      content: payload.text,
      contentAttributes: { [BOT_MARKER_KEY]: payload.marker },
    });
    return sent.ok ? ok({ externalId: String(sent.value.id) }) : sent;
  }
  const opened = await client.setConversationStatus(payload.conversationId, "open");
  if (!opened.ok) return opened;
  if (payload.teamId) {
    const assigned = await client.assignConversation(payload.conversationId, { teamId: payload.teamId });
    if (!assigned.ok) return assigned;
  }
  return ok({});
}
