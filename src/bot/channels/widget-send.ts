import { and, eq, sql } from "drizzle-orm";
import { chatBusFor } from "../../chat/bus.ts";
import { requeue } from "../../chat/lifecycle.ts";
import type { ChatNotice } from "../../chat/notices.ts";
import { resolveGroup } from "../../chat/sessions.ts";
import { appendEvent, lockConversation } from "../../chat/store.ts";
import { botConversations, chatEvents } from "../../db/schema/index.ts";
import type { Deps } from "../../deps.ts";
import type { PlatformError } from "../../lib/http-client.ts";
import { err, ok, type Result } from "../../lib/result.ts";
import { botMaySend } from "../ownership.ts";
import type { BotCommand } from "./send.ts";
import { BOT_MARKER_KEY } from "./types.ts";

/** The pseudo connection id of widget bot commands: the built-in chat needs no platform connection. */
export const WIDGET_CONNECTION_ID = "builtin-chat";

const refused = (message: string, retryable = false): Result<never, PlatformError> =>
  err({ kind: "invalid_response", message, retryable });

/**
 * The widget channel's writes, into the built-in chat engine: the bot's message as author `bot` (marked), and the
 * handoff as a requeue to the group, so routing gives the chat to a person. Both under the chat's row lock, where
 * a human agent's message also takes the chat from the bot: an answer is never appended after a human wrote.
 */
export async function sendWidget(
  deps: Deps,
  workspaceId: string,
  payload: BotCommand,
): Promise<Result<{ externalId?: string }, PlatformError>> {
  const notices: ChatNotice[] = [];
  const outcome = await deps.database.db.transaction(async (tx) => {
    const conv = await lockConversation(tx, workspaceId, payload.conversationId);
    if (!conv) return refused(`chat ${payload.conversationId} does not exist`);
    if (payload.kind === "bot.reply") {
      if (conv.status === "closed" || !conv.activeThreadId) return refused("the chat is closed");
      const [done] = await tx
        .select({ id: chatEvents.id })
        .from(chatEvents)
        .where(
          and(
            eq(chatEvents.conversationId, conv.id),
            sql`${chatEvents.metadata}->>${BOT_MARKER_KEY} = ${payload.marker}`,
          ),
        )
        .limit(1);
      if (done) return ok({ externalId: done.id });
      if (payload.purpose !== "handoff") {
        const [owner] = await tx
          .select({ owner: botConversations.owner })
          .from(botConversations)
          .where(eq(botConversations.id, payload.botConversationId));
        // Retried: the next attempt's send-time check drops and audits it.
        if (owner && !botMaySend(owner.owner)) return refused(`the chat is owned by ${owner.owner} now`, true);
      }
      const { event, notice } = await appendEvent(tx, {
        workspaceId,
        conversationId: conv.id,
        threadId: conv.activeThreadId,
        type: "message",
        authorType: "bot",
        authorId: payload.inboxId,
        text: payload.text,
        metadata: { [BOT_MARKER_KEY]: payload.marker, purpose: payload.purpose },
        nowMs: deps.now(),
      });
      notices.push(notice);
      return ok({ externalId: event.id });
    }
    // Handoff: only a chat the bot still holds goes to the queue (a person may have it already).
    if (conv.status !== "bot") return ok({});
    const group = (payload.teamId ? await resolveGroup(tx, workspaceId, payload.teamId) : undefined) ?? {
      id: conv.groupId,
    };
    const moved = await requeue(tx, conv, { groupId: group.id, nowMs: deps.now(), reason: "bot_handoff" });
    notices.push(...moved.notices);
    return ok({});
  });
  if (notices.length > 0) await chatBusFor(deps.database.pool).publish(notices);
  return outcome;
}
