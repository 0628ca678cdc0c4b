import { iso, isoOrNull, toF, toI } from "./json.ts";
import type { AgentBot, Contact, Conversation, Message, SenderRef, User } from "./model.ts";
import { type ChatwootState, effectiveStatus } from "./state.ts";

/**
 * `push_event_data` / `webhook_data` shapes (doc §2.4, examples/webhook_*.json). `live` is true inside a request:
 * Chatwoot fills `availability_status` from `Current.account`, which the async webhook job does not have.
 */
export type View = { state: ChatwootState; live: boolean };

const MESSAGE_TYPE_NAMES = { 0: "incoming", 1: "outgoing", 2: "activity", 3: "template" } as const;

export const accountData = (state: ChatwootState) => ({ id: state.account.id, name: state.account.name });

export const contactPush = (c: Contact) => ({
  additional_attributes: c.additionalAttributes,
  custom_attributes: c.customAttributes,
  email: c.email,
  id: c.id,
  identifier: c.identifier,
  name: c.name,
  phone_number: c.phoneNumber,
  thumbnail: "",
  blocked: c.blocked,
  type: "contact",
});

/** `Contact#webhook_data`: no `type` key since 2023 (doc §0.5). */
export const contactWebhookData = (state: ChatwootState, c: Contact) => ({
  account: accountData(state),
  additional_attributes: c.additionalAttributes,
  avatar: "",
  custom_attributes: c.customAttributes,
  email: c.email,
  id: c.id,
  identifier: c.identifier,
  name: c.name,
  phone_number: c.phoneNumber,
  thumbnail: "",
  blocked: c.blocked,
});

export const availableName = (u: User): string => u.displayName ?? u.name;

export const userPush = (u: User, live: boolean) => ({
  id: u.id,
  name: u.name,
  available_name: availableName(u),
  avatar_url: "",
  type: "user",
  availability_status: live ? effectiveStatus(u) : null,
  thumbnail: "",
});

export const botPush = (b: AgentBot) => ({ id: b.id, name: b.name, avatar_url: "", type: "agent_bot" });

export function senderPush(view: View, ref: SenderRef): Record<string, unknown> | null {
  if (!ref) return null;
  if (ref.type === "Contact") {
    const contact = view.state.contacts.get(ref.id);
    return contact ? contactPush(contact) : null;
  }
  if (ref.type === "User") {
    const user = view.state.users.get(ref.id);
    return user ? userPush(user, view.live) : null;
  }
  const bot = view.state.bots.get(ref.id);
  return bot ? botPush(bot) : null;
}

export function senderWebhookData(state: ChatwootState, ref: SenderRef): Record<string, unknown> | null {
  if (!ref) return null;
  if (ref.type === "Contact") {
    const contact = state.contacts.get(ref.id);
    return contact ? contactWebhookData(state, contact) : null;
  }
  if (ref.type === "User") {
    const user = state.users.get(ref.id);
    return user ? { id: user.id, name: user.name, email: user.email, type: "user" } : null;
  }
  const bot = state.bots.get(ref.id);
  return bot ? { id: bot.id, name: bot.name, type: "agent_bot" } : null;
}

/** Incoming messages the agents have not seen yet. */
export const unreadCount = (conv: Conversation): number =>
  conv.messages.filter((m) => m.messageType === 0 && m.createdAt > (conv.agentLastSeenAt ?? 0)).length;

/** The `chat` scope: the last message that is neither an activity nor a private note. */
export function lastChatMessage(conv: Conversation): Message | undefined {
  for (let i = conv.messages.length - 1; i >= 0; i--) {
    const m = conv.messages[i];
    if (m && m.messageType !== 2 && !m.private) return m;
  }
  return undefined;
}

export function sourceIdOf(state: ChatwootState, conv: Conversation): string | null {
  return state.contactInboxes.get(conv.contactInboxId)?.sourceId ?? null;
}

/** `Message#push_event_data`: DB columns, integer `message_type` and `created_at`, a conversation summary. */
export function messagePush(view: View, conv: Conversation, m: Message) {
  return {
    id: m.id,
    content: m.content,
    account_id: view.state.account.id,
    inbox_id: m.inboxId,
    conversation_id: conv.id,
    message_type: m.messageType,
    created_at: toI(m.createdAt),
    updated_at: iso(m.updatedAt),
    private: m.private,
    status: m.status,
    source_id: m.sourceId,
    content_type: m.contentType,
    content_attributes: m.contentAttributes,
    sender_type: m.sender?.type ?? null,
    sender_id: m.sender?.id ?? null,
    external_source_ids: {},
    additional_attributes: {},
    processed_message_content: m.content,
    sentiment: {},
    conversation: {
      assignee_id: conv.assigneeId,
      unread_count: unreadCount(conv),
      last_activity_at: toI(conv.lastActivityAt),
      contact_inbox: { source_id: sourceIdOf(view.state, conv) },
    },
    sender: senderPush(view, m.sender),
  };
}

export function assigneePush(view: View, conv: Conversation) {
  if (conv.assigneeBotId !== null) {
    const bot = view.state.bots.get(conv.assigneeBotId);
    if (bot) return { assignee: botPush(bot), assignee_type: "AgentBot" };
  }
  const user = conv.assigneeId === null ? undefined : view.state.users.get(conv.assigneeId);
  return user
    ? { assignee: userPush(user, view.live), assignee_type: "User" }
    : { assignee: null, assignee_type: null };
}

/** `Conversations::EventDataPresenter#webhook_data` (with the top-level `account` of v4.14.2+). */
export function conversationWebhookData(view: View, conv: Conversation) {
  const { state } = view;
  const contact = state.contacts.get(conv.contactId);
  const contactInbox = state.contactInboxes.get(conv.contactInboxId);
  const inbox = state.inboxes.get(conv.inboxId);
  const last = lastChatMessage(conv);
  return {
    additional_attributes: conv.additionalAttributes,
    can_reply: true,
    channel: inbox?.channelType ?? null,
    contact_inbox: contactInbox
      ? {
          id: contactInbox.id,
          contact_id: contactInbox.contactId,
          inbox_id: contactInbox.inboxId,
          source_id: contactInbox.sourceId,
          created_at: iso(contactInbox.createdAt),
          updated_at: iso(contactInbox.updatedAt),
          hmac_verified: contactInbox.hmacVerified,
          pubsub_token: contactInbox.pubsubToken,
        }
      : null,
    id: conv.id,
    inbox_id: conv.inboxId,
    messages: last ? [messagePush(view, conv, last)] : [],
    labels: conv.labels,
    meta: {
      sender: contact ? contactPush(contact) : null,
      ...assigneePush(view, conv),
      team: null,
      hmac_verified: contactInbox?.hmacVerified ?? false,
    },
    status: conv.status,
    custom_attributes: conv.customAttributes,
    snoozed_until: isoOrNull(conv.snoozedUntil),
    unread_count: unreadCount(conv),
    first_reply_created_at: isoOrNull(conv.firstReplyCreatedAt),
    priority: conv.priority,
    waiting_since: toI(conv.waitingSince),
    agent_last_seen_at: toI(conv.agentLastSeenAt),
    contact_last_seen_at: toI(conv.contactLastSeenAt),
    last_activity_at: toI(conv.lastActivityAt),
    timestamp: toI(conv.lastActivityAt),
    created_at: toI(conv.createdAt),
    updated_at: toF(conv.updatedAt),
    account: accountData(state),
  };
}

/** `Message#webhook_data`: string `message_type`, ISO `created_at`, sender without `type` for contacts. */
export function messageWebhookData(state: ChatwootState, conv: Conversation, m: Message) {
  const inbox = state.inboxes.get(m.inboxId);
  return {
    account: accountData(state),
    additional_attributes: {},
    content_attributes: m.contentAttributes,
    content_type: m.contentType,
    content: m.content,
    conversation: conversationWebhookData({ state, live: false }, conv),
    created_at: iso(m.createdAt),
    id: m.id,
    inbox: { id: m.inboxId, name: inbox?.name ?? null },
    message_type: MESSAGE_TYPE_NAMES[m.messageType],
    private: m.private,
    sender: senderWebhookData(state, m.sender),
    source_id: m.sourceId,
  };
}
