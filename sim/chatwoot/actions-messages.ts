import { changeStatus, conversationUpdated } from "./actions-conversations.ts";
import { CHATWOOT_ERRORS } from "./constants.ts";
import type { Change, SimContext } from "./context.ts";
import { ChatwootError } from "./errors.ts";
import { iso } from "./json.ts";
import type { Conversation, Message, SenderRef } from "./model.ts";
import { messageWebhookData } from "./present-events.ts";

export type NewMessage = {
  messageType: 0 | 1 | 3;
  content: string | null;
  private?: boolean;
  contentType?: string;
  contentAttributes?: Record<string, unknown>;
  sourceId?: string | null;
  echoId?: string | null;
  sender: SenderRef;
};

/**
 * `CONVERSATION_MESSAGE_PER_MINUTE_LIMIT` is a model validation, so it answers 422 with
 * "Validation failed: Too many messages" (doc §3.3), not a 429.
 */
function checkMessageLimit(ctx: SimContext, conv: Conversation): void {
  const limit = ctx.config.limits.messagesPerConversationPerMinute;
  if (limit <= 0) return;
  const since = ctx.config.now() - 60_000;
  const recent = conv.messages.filter((m) => m.messageType !== 2 && m.createdAt > since).length;
  if (recent >= limit) throw new ChatwootError(422, CHATWOOT_ERRORS.tooManyMessages);
}

/** Creates a chat message with Chatwoot's side effects on the conversation, then fires `message_created`. */
export function createMessage(ctx: SimContext, conv: Conversation, input: NewMessage): Message {
  checkMessageLimit(ctx, conv);
  const { state, config } = ctx;
  const now = Math.max(config.now(), conv.lastActivityAt);
  const message: Message = {
    id: state.nextId("message"),
    conversationId: conv.id,
    inboxId: conv.inboxId,
    content: input.content,
    messageType: input.messageType,
    contentType: input.contentType ?? "text",
    contentAttributes: input.contentAttributes ?? {},
    private: input.private ?? false,
    status: "sent",
    sourceId: input.sourceId ?? null,
    echoId: input.echoId ?? null,
    sender: input.sender,
    createdAt: now,
    updatedAt: now,
  };
  conv.messages.push(message);
  conv.lastActivityAt = now;
  if (input.messageType === 0) afterIncoming(ctx, conv, now);
  else if (input.messageType === 1 && input.sender?.type === "User" && !message.private)
    afterHumanReply(ctx, conv, now);
  ctx.bus.publish("message_created", { inboxId: conv.inboxId, conversation: conv, message }, () => ({
    ...messageWebhookData(state, conv, message),
    event: "message_created",
  }));
  return message;
}

/**
 * A contact writing reopens a resolved conversation (as `pending` when the inbox has an active bot) or a snoozed
 * one (always `open`), and starts the wait clock (doc §3.2). Contact `last_activity_at` moves without a webhook.
 */
function afterIncoming(ctx: SimContext, conv: Conversation, now: number): void {
  const contact = ctx.state.contacts.get(conv.contactId);
  if (contact) contact.lastActivityAt = now;
  const inbox = ctx.state.inboxes.get(conv.inboxId);
  if (conv.status === "resolved") changeStatus(ctx, conv, inbox?.agentBotId == null ? "open" : "pending", null);
  else if (conv.status === "snoozed") changeStatus(ctx, conv, "open", null);
  if (conv.waitingSince === null) {
    conv.waitingSince = now;
    conversationUpdated(ctx, conv, [["waiting_since", null, iso(now)]]);
  }
}

/** The first human reply stamps `first_reply_created_at`; any human reply clears `waiting_since`. */
function afterHumanReply(ctx: SimContext, conv: Conversation, now: number): void {
  const changes: Change[] = [];
  if (conv.firstReplyCreatedAt === null) {
    conv.firstReplyCreatedAt = now;
    changes.push(["first_reply_created_at", null, iso(now)]);
  }
  if (conv.waitingSince !== null) {
    changes.push(["waiting_since", iso(conv.waitingSince), null]);
    conv.waitingSince = null;
  }
  conversationUpdated(ctx, conv, changes);
}

/** The hub-visible result of a failed API-inbox delivery: the message is marked failed (doc §2.1). */
export function markMessageFailed(message: Message, error: string, now: number): void {
  message.status = "failed";
  message.contentAttributes = { ...message.contentAttributes, external_error: error };
  message.updatedAt = now;
}
