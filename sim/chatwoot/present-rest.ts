import { isoOrNull, toF, toI } from "./json.ts";
import type { AccountWebhook, AgentBot, Contact, ContactInbox, Conversation, Inbox, Message, User } from "./model.ts";
import {
  assigneePush,
  availableName,
  lastChatMessage,
  messagePush,
  senderPush,
  unreadCount,
  type View,
} from "./present-events.ts";
import { type ChatwootState, effectiveStatus } from "./state.ts";

/** JSON of the Application API, following Chatwoot's jbuilder views (doc §4.2, §5, swagger.json, examples/api_*). */

export const agentJson = (state: ChatwootState, u: User) => ({
  id: u.id,
  account_id: state.account.id,
  availability_status: effectiveStatus(u),
  auto_offline: u.autoOffline,
  confirmed: true,
  email: u.email,
  provider: "email",
  available_name: availableName(u),
  name: u.name,
  role: u.role,
  thumbnail: "",
  custom_role_id: null,
});

export const profileJson = (state: ChatwootState, u: User) => ({
  id: u.id,
  access_token: u.accessToken,
  account_id: state.account.id,
  available_name: availableName(u),
  avatar_url: "",
  confirmed: true,
  display_name: u.displayName,
  message_signature: null,
  email: u.email,
  hmac_identifier: "",
  inviter_id: null,
  name: u.name,
  provider: "email",
  pubsub_token: u.pubsubToken,
  role: u.role,
  ui_settings: {},
  uid: u.email,
  type: null,
  custom_attributes: {},
  accounts: [
    {
      id: state.account.id,
      name: state.account.name,
      status: "active",
      active_at: null,
      role: u.role,
      permissions: [u.role],
      availability: u.availability,
      availability_status: effectiveStatus(u),
      auto_offline: u.autoOffline,
      custom_role_id: null,
      custom_role: null,
    },
  ],
});

export const inboxSlimJson = (inbox: Inbox) => ({
  id: inbox.id,
  avatar_url: "",
  channel_id: inbox.channelId,
  name: inbox.name,
  channel_type: inbox.channelType,
  provider: null,
});

export const contactInboxJson = (state: ChatwootState, ci: ContactInbox) => {
  const inbox = state.inboxes.get(ci.inboxId);
  return { source_id: ci.sourceId, inbox: inbox ? inboxSlimJson(inbox) : null };
};

export function contactJson(state: ChatwootState, c: Contact, withContactInboxes = true) {
  const base = {
    additional_attributes: c.additionalAttributes,
    availability_status: "offline",
    email: c.email,
    id: c.id,
    name: c.name,
    phone_number: c.phoneNumber,
    blocked: c.blocked,
    identifier: c.identifier,
    thumbnail: "",
    custom_attributes: c.customAttributes,
    created_at: toI(c.createdAt),
    // Chatwoot's contact view writes the key only when present (models/_contact.json.jbuilder).
    ...(c.lastActivityAt === null ? {} : { last_activity_at: toI(c.lastActivityAt) }),
  };
  if (!withContactInboxes) return base;
  const inboxes = [...state.contactInboxes.values()].filter((ci) => ci.contactId === c.id);
  return { ...base, contact_inboxes: inboxes.map((ci) => contactInboxJson(state, ci)) };
}

/** `_message.json.jbuilder`: integer `message_type`, integer `created_at`; `echo_id` only when one was sent. */
export function messageJson(view: View, conv: Conversation, m: Message) {
  const sender = senderPush(view, m.sender);
  return {
    id: m.id,
    content: m.content,
    inbox_id: m.inboxId,
    ...(m.echoId === null ? {} : { echo_id: m.echoId }),
    conversation_id: conv.id,
    message_type: m.messageType,
    content_type: m.contentType,
    status: m.status,
    content_attributes: m.contentAttributes,
    created_at: toI(m.createdAt),
    private: m.private,
    source_id: m.sourceId,
    ...(sender ? { sender } : {}),
  };
}

function lastNonActivity(conv: Conversation): Message | undefined {
  return conv.messages.findLast((m) => m.messageType !== 2);
}

/** `_conversation.json.jbuilder` (conversation list items, show, create). */
export function conversationJson(view: View, conv: Conversation) {
  const { state } = view;
  const contact = state.contacts.get(conv.contactId);
  const inbox = state.inboxes.get(conv.inboxId);
  const contactInbox = state.contactInboxes.get(conv.contactInboxId);
  const last = lastChatMessage(conv);
  const lastNa = lastNonActivity(conv);
  const assignee = conv.assigneeId === null ? undefined : state.users.get(conv.assigneeId);
  const pushed = assigneePush(view, conv);
  return {
    meta: {
      sender: contact ? { ...contactJson(state, contact, false), type: "contact" } : null,
      channel: inbox?.channelType ?? null,
      // A user assignee is rendered with the agent partial; a bot assignee with its push data.
      assignee: assignee ? agentJson(state, assignee) : pushed.assignee,
      assignee_type: pushed.assignee_type,
      team: null,
      hmac_verified: contactInbox?.hmacVerified ?? false,
    },
    id: conv.id,
    messages: last ? [messagePush(view, conv, last)] : [],
    account_id: state.account.id,
    uuid: conv.uuid,
    additional_attributes: conv.additionalAttributes,
    agent_last_seen_at: toI(conv.agentLastSeenAt),
    assignee_last_seen_at: toI(conv.assigneeLastSeenAt),
    can_reply: true,
    contact_last_seen_at: toI(conv.contactLastSeenAt),
    custom_attributes: conv.customAttributes,
    inbox_id: conv.inboxId,
    labels: conv.labels,
    muted: false,
    snoozed_until: isoOrNull(conv.snoozedUntil),
    status: conv.status,
    created_at: toI(conv.createdAt),
    updated_at: toF(conv.updatedAt),
    timestamp: toI(conv.lastActivityAt),
    first_reply_created_at: toI(conv.firstReplyCreatedAt),
    unread_count: unreadCount(conv),
    last_non_activity_message: lastNa ? messagePush(view, conv, lastNa) : null,
    last_activity_at: toI(conv.lastActivityAt),
    priority: conv.priority,
    waiting_since: toI(conv.waitingSince),
    sla_policy_id: null,
  };
}

export const webhookJson = (state: ChatwootState, w: AccountWebhook) => {
  const inbox = w.inboxId === null ? undefined : state.inboxes.get(w.inboxId);
  return {
    id: w.id,
    name: w.name,
    url: w.url,
    account_id: state.account.id,
    subscriptions: w.subscriptions,
    secret: w.secret,
    ...(inbox ? { inbox: { id: inbox.id, name: inbox.name } } : {}),
  };
};

/** `_agent_bot.json.jbuilder`: `secret` (and the token) only for administrators. */
export const agentBotJson = (state: ChatwootState, b: AgentBot, admin: boolean) => ({
  id: b.id,
  name: b.name,
  description: b.description,
  thumbnail: "",
  outgoing_url: b.outgoingUrl,
  bot_type: "webhook",
  bot_config: {},
  account_id: state.account.id,
  ...(admin ? { access_token: b.accessToken, secret: b.secret } : {}),
  system_bot: false,
});

/** `_inbox.json.jbuilder` (the fields an integration reads); API-channel `secret` and `hmac_token` for admins only. */
export const inboxJson = (inbox: Inbox, admin: boolean) => ({
  id: inbox.id,
  avatar_url: "",
  channel_id: inbox.channelId,
  name: inbox.name,
  channel_type: inbox.channelType,
  greeting_enabled: false,
  greeting_message: null,
  working_hours_enabled: false,
  enable_email_collect: true,
  csat_survey_enabled: false,
  enable_auto_assignment: inbox.enableAutoAssignment,
  auto_assignment_config: {},
  out_of_office_message: null,
  working_hours: [],
  timezone: "UTC",
  callback_webhook_url: null,
  allow_messages_after_resolved: true,
  lock_to_single_conversation: false,
  sender_name_type: "friendly",
  business_name: null,
  ...(inbox.channelType === "Channel::WebWidget"
    ? { website_url: inbox.websiteUrl, website_token: inbox.websiteToken, widget_color: "#1f93ff" }
    : { webhook_url: inbox.webhookUrl, inbox_identifier: inbox.inboxIdentifier }),
  ...(admin ? { hmac_token: inbox.hmacToken, ...(inbox.secret === null ? {} : { secret: inbox.secret }) } : {}),
});
