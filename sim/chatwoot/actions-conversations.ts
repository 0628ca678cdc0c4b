import type { ChatwootEventName } from "./constants.ts";
import { type Change, changedAttributes, type SimContext } from "./context.ts";
import { iso, isoOrNull } from "./json.ts";
import type { Contact, ContactInbox, Conversation, ConversationStatus, Inbox, Priority, User } from "./model.ts";
import { conversationWebhookData } from "./present-events.ts";
import { effectiveStatus, newUuid } from "./state.ts";

/** Who caused a change: a named person or bot, or the system (auto-assignment, reopen on reply). */
export type Performer = { name: string } | null;

function publishConversation(ctx: SimContext, conv: Conversation, event: ChatwootEventName, extra = {}): void {
  ctx.bus.publish(event, { inboxId: conv.inboxId, conversation: conv }, () => ({
    ...conversationWebhookData({ state: ctx.state, live: false }, conv),
    event,
    ...extra,
  }));
}

/** Applies `changes` (already written to `conv`), bumps `updated_at` and fires `conversation_updated`. */
export function conversationUpdated(ctx: SimContext, conv: Conversation, changes: Change[]): void {
  if (changes.length === 0) return;
  const previous = conv.updatedAt;
  conv.updatedAt = Math.max(ctx.config.now(), previous);
  const all: Change[] = [...changes, ["updated_at", iso(previous), iso(conv.updatedAt)]];
  publishConversation(ctx, conv, "conversation_updated", { changed_attributes: changedAttributes(all) });
}

/** Activity messages are listed by the API but never sent to webhooks (doc §2.3); texts are approximations. */
export function appendActivity(ctx: SimContext, conv: Conversation, content: string): void {
  const now = ctx.config.now();
  conv.messages.push({
    id: ctx.state.nextId("message"),
    conversationId: conv.id,
    inboxId: conv.inboxId,
    content,
    messageType: 2,
    contentType: "text",
    contentAttributes: {},
    private: false,
    status: "sent",
    sourceId: null,
    echoId: null,
    sender: null,
    createdAt: now,
    updatedAt: now,
  });
}

export type NewConversation = {
  inbox: Inbox;
  contact: Contact;
  contactInbox: ContactInbox;
  status?: ConversationStatus;
  assignee?: User | null;
  additionalAttributes?: Record<string, unknown>;
  customAttributes?: Record<string, unknown>;
};

/** New conversations start `pending` when the inbox has an active bot, else `open` (doc §3.2). */
export function createConversation(ctx: SimContext, input: NewConversation): Conversation {
  const now = ctx.config.now();
  const conv: Conversation = {
    id: ctx.state.nextId("conversation"),
    uuid: newUuid(),
    inboxId: input.inbox.id,
    contactId: input.contact.id,
    contactInboxId: input.contactInbox.id,
    status: input.status ?? (input.inbox.agentBotId === null ? "open" : "pending"),
    assigneeId: input.assignee?.id ?? null,
    assigneeBotId: null,
    teamId: null,
    labels: [],
    priority: null,
    snoozedUntil: null,
    waitingSince: now,
    firstReplyCreatedAt: null,
    agentLastSeenAt: null,
    assigneeLastSeenAt: null,
    contactLastSeenAt: null,
    additionalAttributes: input.additionalAttributes ?? {},
    customAttributes: input.customAttributes ?? {},
    messages: [],
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
  };
  ctx.state.conversations.set(conv.id, conv);
  publishConversation(ctx, conv, "conversation_created");
  autoAssign(ctx, conv);
  return conv;
}

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
  open: "Conversation was reopened by",
  resolved: "Conversation was marked resolved by",
  pending: "Conversation was marked as pending by",
  snoozed: "Conversation was snoozed by",
};

export type StatusChange = { snoozedUntil?: number | null; botHandoff?: boolean; activity?: string };

/**
 * A status change fires `conversation_status_changed` (with `changed_attributes: null`, doc §2.4),
 * `conversation_updated` (with the transition), and for bots `conversation_opened` / `conversation_resolved`.
 * Opening runs auto-assignment.
 */
export function changeStatus(
  ctx: SimContext,
  conv: Conversation,
  next: ConversationStatus,
  performer: Performer,
  options: StatusChange = {},
): void {
  const changes: Change[] = [];
  if (options.botHandoff && conv.waitingSince === null) {
    conv.waitingSince = ctx.config.now();
    changes.push(["waiting_since", null, iso(conv.waitingSince)]);
  }
  const snoozedUntil = next === "snoozed" ? (options.snoozedUntil ?? null) : null;
  if (snoozedUntil !== conv.snoozedUntil) {
    changes.push(["snoozed_until", isoOrNull(conv.snoozedUntil), isoOrNull(snoozedUntil)]);
    conv.snoozedUntil = snoozedUntil;
  }
  const previous = conv.status;
  if (previous !== next) {
    conv.status = next;
    changes.unshift(["status", previous, next]);
  }
  if (changes.length === 0) return;
  if (options.activity) appendActivity(ctx, conv, options.activity);
  else if (performer && previous !== next) appendActivity(ctx, conv, `${STATUS_ACTIVITY[next]} ${performer.name}`);
  conversationUpdated(ctx, conv, changes);
  if (previous === next) return;
  publishConversation(ctx, conv, "conversation_status_changed", { changed_attributes: null });
  if (next === "open") publishConversation(ctx, conv, "conversation_opened");
  if (next === "resolved") publishConversation(ctx, conv, "conversation_resolved");
  if (next === "open") autoAssign(ctx, conv);
}

/** Assigning a person clears an assigned bot; `null` unassigns (doc §3.1, §4.4). */
export function assignAgent(ctx: SimContext, conv: Conversation, user: User | null, performer: Performer): void {
  const changes: Change[] = [];
  const next = user?.id ?? null;
  if (next !== conv.assigneeId) {
    changes.push(["assignee_id", conv.assigneeId, next]);
    conv.assigneeId = next;
  }
  if (user && conv.assigneeBotId !== null) {
    changes.push(["assignee_agent_bot_id", conv.assigneeBotId, null]);
    conv.assigneeBotId = null;
  }
  if (changes.length === 0) return;
  const by = performer?.name ?? "System";
  appendActivity(ctx, conv, user ? `Assigned to ${user.name} by ${by}` : `Conversation unassigned by ${by}`);
  conversationUpdated(ctx, conv, changes);
}

export function assignBot(ctx: SimContext, conv: Conversation, botId: number): void {
  const changes: Change[] = [];
  if (conv.assigneeId !== null) changes.push(["assignee_id", conv.assigneeId, null]);
  if (conv.assigneeBotId !== botId) changes.push(["assignee_agent_bot_id", conv.assigneeBotId, botId]);
  conv.assigneeId = null;
  conv.assigneeBotId = botId;
  conversationUpdated(ctx, conv, changes);
}

/**
 * Legacy round-robin (doc §4.4): only when the inbox auto-assigns, the conversation is open and has no assignee
 * who is an inbox member, among members whose effective status is `online`.
 */
export function autoAssign(ctx: SimContext, conv: Conversation): void {
  const inbox = ctx.state.inboxes.get(conv.inboxId);
  if (!ctx.config.autoAssignment || !inbox?.enableAutoAssignment || conv.status !== "open") return;
  if (conv.assigneeId !== null && inbox.memberIds.includes(conv.assigneeId)) return;
  if (conv.assigneeBotId !== null) return;
  const queue = ctx.state.roundRobin.get(inbox.id) ?? [...inbox.memberIds];
  const pick = queue.find((id) => {
    const user = ctx.state.users.get(id);
    return user !== undefined && inbox.memberIds.includes(id) && effectiveStatus(user) === "online";
  });
  ctx.state.roundRobin.set(inbox.id, pick === undefined ? queue : [...queue.filter((id) => id !== pick), pick]);
  const user = pick === undefined ? undefined : ctx.state.users.get(pick);
  if (user) assignAgent(ctx, conv, user, null);
}

/** `labels#create` replaces the whole list (doc §3.4). UNCONFIRMED: the changed attribute's name and value form. */
export function setLabels(ctx: SimContext, conv: Conversation, labels: string[]): void {
  const next = [...new Set(labels)];
  const previous = conv.labels;
  if (JSON.stringify(previous) === JSON.stringify(next)) return;
  conv.labels = next;
  conversationUpdated(ctx, conv, [["label_list", previous, next]]);
}

export function setPriority(ctx: SimContext, conv: Conversation, priority: Priority | null): void {
  if (priority === conv.priority) return;
  const previous = conv.priority;
  conv.priority = priority;
  conversationUpdated(ctx, conv, [["priority", previous, priority]]);
}

export function setCustomAttributes(ctx: SimContext, conv: Conversation, attributes: Record<string, unknown>): void {
  const previous = conv.customAttributes;
  if (JSON.stringify(previous) === JSON.stringify(attributes)) return;
  conv.customAttributes = attributes;
  conversationUpdated(ctx, conv, [["custom_attributes", previous, attributes]]);
}

/** Typing events carry `{event, user, conversation, is_private}` (doc §2.4); agent bots do not get them. */
export function publishTyping(
  ctx: SimContext,
  conv: Conversation,
  on: boolean,
  user: Record<string, unknown> | null,
  isPrivate: boolean,
): void {
  const event = on ? "conversation_typing_on" : "conversation_typing_off";
  ctx.bus.publish(event, { inboxId: conv.inboxId, conversation: conv }, () => ({
    event,
    user,
    conversation: conversationWebhookData({ state: ctx.state, live: false }, conv),
    is_private: isPrivate,
  }));
}
