import { WIDGET_CLIENT_ID } from "./constants.ts";
import { lcError } from "./errors.ts";
import { eventId, newChatOrThreadId, timestamp } from "./ids.ts";
import type {
  AgentRecord,
  ChatRecord,
  ChatUserRecord,
  CustomerRecord,
  EventRecord,
  LivechatState,
  ThreadRecord,
  Visibility,
} from "./state.ts";
import { renderChat, renderChatUser, renderEvent } from "./views.ts";
import type { WebhookDispatcher } from "./webhook-dispatch.ts";
import type { WebhookSource } from "./webhook-filters.ts";

export type NewEvent = { authorId?: string; type: string; visibility: Visibility; fields: Record<string, unknown> };

export type StartThreadInput = {
  customer: CustomerRecord;
  agent: AgentRecord;
  message?: string;
  groupIds: number[];
  source: WebhookSource;
};

/** Chat lifecycle changes, shared by the Agent Chat API and the scenario routes; each emits its webhook. */
export class ChatOps {
  readonly #state: LivechatState;
  readonly #webhooks: WebhookDispatcher;

  constructor(state: LivechatState, webhooks: WebhookDispatcher) {
    this.#state = state;
    this.#webhooks = webhooks;
  }

  /**
   * A customer starts a conversation. LiveChat keeps one chat per customer, so a returning customer gets a new
   * thread in the same chat (with `previous_thread_id`), which is again announced as `incoming_chat`.
   */
  startThread(input: StartThreadInput): { chat: ChatRecord; thread: ThreadRecord } {
    const { customer, agent } = input;
    const existing = customer.chatIds.map((id) => this.#state.chats.get(id)).find((c) => c !== undefined);
    const chat: ChatRecord = existing ?? {
      id: newChatOrThreadId(),
      customerId: customer.id,
      users: [{ id: customer.id, type: "customer", present: true, visibility: "all" }],
      properties: { source: { client_id: WIDGET_CLIENT_ID } },
      groupIds: input.groupIds,
      threads: [],
    };
    if (this.#state.activeThread(chat)) throw lcError("validation", "Chat is already active");
    for (const user of chat.users) user.present = user.type === "customer" || user.id === agent.id;
    if (!chat.users.some((u) => u.id === agent.id)) {
      chat.users.push({ id: agent.id, type: "agent", present: true, visibility: "all" });
    }
    const previous = this.#state.lastThread(chat);
    const thread: ThreadRecord = {
      id: newChatOrThreadId(),
      createdAt: timestamp(),
      active: true,
      userIds: [customer.id, agent.id],
      events: [],
      properties: { routing: { continuous: false, idle: false, unassigned: false } },
      tags: [],
      groupIds: [...chat.groupIds],
    };
    if (previous) {
      thread.previousThreadId = previous.id;
      previous.nextThreadId = thread.id;
    }
    if (input.message !== undefined) {
      thread.events.push(
        this.#event(thread, {
          authorId: customer.id,
          type: "message",
          visibility: "all",
          fields: { text: input.message },
        }),
      );
    }
    chat.threads.push(thread);
    if (!existing) {
      this.#state.chats.set(chat.id, chat);
      customer.chatIds.push(chat.id);
    }
    this.#webhooks.dispatch({
      action: "incoming_chat",
      source: input.source,
      chat,
      payload: (v) => ({ chat: renderChat(this.#state, chat, thread, v) }),
    });
    return { chat, thread };
  }

  /** Adds an event to the active thread (or, when allowed, to the last one) and emits `incoming_event`. */
  appendEvent(chat: ChatRecord, input: NewEvent, source: WebhookSource, attachToLastThread = false): EventRecord {
    const thread = this.#state.activeThread(chat) ?? (attachToLastThread ? this.#state.lastThread(chat) : undefined);
    if (!thread) throw lcError("chat_inactive");
    const event = this.#event(thread, input);
    thread.events.push(event);
    const author = chat.users.find((u) => u.id === input.authorId);
    if (author) author.eventsSeenUpTo = event.createdAt;
    this.#webhooks.dispatch({
      action: "incoming_event",
      source,
      chat,
      ...(author ? { authorType: author.type } : {}),
      payload: () => ({ chat_id: chat.id, thread_id: thread.id, event: renderEvent(event) }),
    });
    return event;
  }

  addUser(chat: ChatRecord, user: ChatUserRecord, requesterId: string, source: WebhookSource): void {
    const existing = chat.users.find((u) => u.id === user.id);
    if (existing) {
      existing.present = true;
      existing.visibility = user.visibility;
    } else {
      chat.users.push(user);
    }
    const thread = this.#state.activeThread(chat);
    if (thread && !thread.userIds.includes(user.id)) thread.userIds.push(user.id);
    const threadId = (thread ?? this.#state.lastThread(chat))?.id;
    const added = existing ?? user;
    this.#webhooks.dispatch({
      action: "user_added_to_chat",
      source,
      chat,
      payload: (v) => ({
        chat_id: chat.id,
        ...(threadId ? { thread_id: threadId } : {}),
        user: renderChatUser(this.#state, added, v),
        user_type: added.type,
        reason: "manual",
        requester_id: requesterId,
      }),
    });
  }

  removeUser(chat: ChatRecord, user: ChatUserRecord, requesterId: string, source: WebhookSource): void {
    user.present = false;
    const threadId = (this.#state.activeThread(chat) ?? this.#state.lastThread(chat))?.id;
    this.#webhooks.dispatch({
      action: "user_removed_from_chat",
      source,
      chat,
      payload: () => ({
        chat_id: chat.id,
        ...(threadId ? { thread_id: threadId } : {}),
        user_id: user.id,
        user_type: user.type,
        reason: "manual",
        requester_id: requesterId,
      }),
    });
  }

  /** Closes the active thread; `userId` is absent when the router closed it (inactivity, customer left). */
  deactivate(chat: ChatRecord, userId: string | undefined, source: WebhookSource): ThreadRecord {
    const thread = this.#state.activeThread(chat);
    if (!thread) throw lcError("chat_inactive");
    thread.active = false;
    this.#webhooks.dispatch({
      action: "chat_deactivated",
      source,
      chat,
      payload: () => ({ chat_id: chat.id, thread_id: thread.id, ...(userId ? { user_id: userId } : {}) }),
    });
    return thread;
  }

  /** `transfer_chat`: current agents leave, the chat moves to `groupIds` and `agentIds` join; `chat_transferred`. */
  transfer(
    chat: ChatRecord,
    input: { groupIds: number[]; agentIds: string[]; requesterId: string; source: WebhookSource },
  ): void {
    const thread = this.#state.activeThread(chat);
    if (!thread) throw lcError("chat_inactive");
    for (const user of chat.users) if (user.type === "agent") user.present = false;
    for (const id of input.agentIds) {
      const existing = chat.users.find((u) => u.id === id);
      if (existing) existing.present = true;
      else chat.users.push({ id, type: "agent", present: true, visibility: "all" });
      if (!thread.userIds.includes(id)) thread.userIds.push(id);
    }
    chat.groupIds = [...input.groupIds];
    thread.groupIds = [...input.groupIds];
    this.#webhooks.dispatch({
      action: "chat_transferred",
      source: input.source,
      chat,
      payload: () => ({
        chat_id: chat.id,
        thread_id: thread.id,
        requester_id: input.requesterId,
        reason: "manual",
        transferred_to: { group_ids: [...input.groupIds], agent_ids: [...input.agentIds] },
      }),
    });
  }

  updateChatProperties(chat: ChatRecord, properties: ChatRecord["properties"], source: WebhookSource): void {
    for (const [namespace, values] of Object.entries(properties)) {
      chat.properties[namespace] = { ...(chat.properties[namespace] ?? {}), ...values };
    }
    this.#webhooks.dispatch({
      action: "chat_properties_updated",
      source,
      chat,
      payload: () => ({ chat_id: chat.id, properties }),
    });
  }

  #event(thread: ThreadRecord, input: NewEvent): EventRecord {
    const event: EventRecord = {
      id: eventId(thread.id, thread.events.length + 1),
      type: input.type,
      createdAt: timestamp(),
      visibility: input.visibility,
      fields: input.fields,
    };
    if (input.authorId !== undefined) event.authorId = input.authorId;
    return event;
  }
}
