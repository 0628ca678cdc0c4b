import { eq } from "drizzle-orm";
import type { ConnectionRow } from "../../connections/repo.ts";
import { botConversations } from "../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import { err } from "../../lib/result.ts";
import { recordDecision } from "../audit.ts";
import { loadInbox } from "../inboxes.ts";
import { botMaySend } from "../ownership.ts";
import type { BotCommand, BotSendOutcome } from "./bot-command.ts";
import { sendChatwoot } from "./chatwoot-send.ts";
import { sendLivechat } from "./livechat-send.ts";

export { type BotCommand, type BotSendOutcome, isBotCommand } from "./bot-command.ts";

/**
 * The send-time ownership check: an answer or greeting for a conversation the bot no longer owns is dropped (and
 * audited) instead of sent. Handoff messages and the handoff itself always go out. Returns why it was dropped.
 */
export async function botSendCheck(deps: Deps, workspaceId: string, payload: BotCommand): Promise<string | null> {
  if (payload.kind !== "bot.reply" || payload.purpose === "handoff") return null;
  const db = deps.database.db;
  const [conv] = await db.select().from(botConversations).where(eq(botConversations.id, payload.botConversationId));
  if (!conv || botMaySend(conv.owner)) return null;
  const reason = `not sent: the conversation is owned by ${conv.owner} now`;
  await recordDecision(db, {
    workspaceId,
    inboxId: payload.inboxId,
    conversationId: payload.conversationId,
    decision: "dropped",
    answer: payload.text,
    reason,
  });
  return reason;
}

/** Sends a bot command with the inbox's bot credentials (never the connection's admin token). */
export async function sendBotCommand(
  deps: Deps,
  connection: ConnectionRow,
  workspaceId: string,
  payload: BotCommand,
): Promise<BotSendOutcome> {
  const inbox = await loadInbox(deps.database.db, deps.secretKey, workspaceId, payload.inboxId);
  if (!inbox)
    return err({ kind: "invalid_response", message: `bot inbox ${payload.inboxId} is gone`, retryable: false });
  switch (inbox.settings.channel) {
    case "chatwoot":
      return sendChatwoot(connection, inbox.credentials, payload);
    case "livechat":
      return sendLivechat(connection, inbox.credentials, payload);
    case "widget":
      return err({ kind: "invalid_response", message: "the widget channel is not available yet", retryable: false });
  }
}
