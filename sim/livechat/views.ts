import type { ApiVersion } from "./constants.ts";
import type {
  AgentRecord,
  ChatRecord,
  ChatUserRecord,
  CustomerRecord,
  EventRecord,
  LivechatState,
  ThreadRecord,
} from "./state.ts";

/** Renders sandbox records in the wire shapes of the data-structures docs (v3.5 and v3.6 differ on customers). */
type Json = Record<string, unknown>;

export function renderEvent(event: EventRecord): Json {
  const out: Json = { id: event.id, created_at: event.createdAt, visibility: event.visibility, type: event.type };
  // System messages come from LiveChat itself: no documented system_message carries an author_id.
  if (event.authorId !== undefined && event.type !== "system_message") out.author_id = event.authorId;
  return { ...out, ...event.fields };
}

function renderVisit(customer: CustomerRecord): Json {
  return {
    started_at: customer.visitStartedAt,
    referrer: "https://www.google.com/",
    ip: "203.0.113.24",
    user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    geolocation: {
      country: "United States",
      country_code: "US",
      region: "California",
      city: "San Francisco",
      timezone: "America/Los_Angeles",
    },
    last_pages: [{ opened_at: customer.visitStartedAt, url: "https://switchboard.demo/pricing", title: "Pricing" }],
  };
}

function statistics(state: LivechatState, customer: CustomerRecord): Json {
  let threads = 0;
  for (const chatId of customer.chatIds) threads += state.chats.get(chatId)?.threads.length ?? 0;
  return { chats_count: customer.chatIds.length, threads_count: threads, visits_count: Math.max(1, threads) };
}

/** The customer fields shared by chat users and `get_customer`. */
function customerFields(state: LivechatState, customer: CustomerRecord, version: ApiVersion): Json {
  const out: Json = { id: customer.id, type: "customer" };
  if (customer.name !== undefined) out.name = customer.name;
  if (customer.email !== undefined) out.email = customer.email;
  out.email_verified = customer.emailVerified;
  if (customer.avatar !== undefined) out.avatar = customer.avatar;
  // `phone_number` is new in v3.6, and v3.6 renamed `last_visit` to `visit`.
  if (version === "3.6" && customer.phoneNumber !== undefined) out.phone_number = customer.phoneNumber;
  out[version === "3.6" ? "visit" : "last_visit"] = renderVisit(customer);
  out.session_fields = customer.sessionFields;
  out.statistics = statistics(state, customer);
  out.created_at = customer.createdAt;
  // The documented customer carries when each side last wrote (only once it has).
  const last = lastEventTimes(state, customer);
  if (last.agent) out.agent_last_event_created_at = last.agent;
  if (last.customer) out.customer_last_event_created_at = last.customer;
  return out;
}

function lastEventTimes(state: LivechatState, customer: CustomerRecord): { agent?: string; customer?: string } {
  const out: { agent?: string; customer?: string } = {};
  for (const chatId of customer.chatIds) {
    for (const thread of state.chats.get(chatId)?.threads ?? []) {
      for (const event of thread.events) {
        if (!event.authorId || event.type === "system_message") continue;
        const side = event.authorId === customer.id ? "customer" : "agent";
        if (!out[side] || event.createdAt > (out[side] ?? "")) out[side] = event.createdAt;
      }
    }
  }
  return out;
}

export function renderCustomer(state: LivechatState, customer: CustomerRecord, version: ApiVersion): Json {
  return { ...customerFields(state, customer, version), chat_ids: [...customer.chatIds] };
}

function renderAgentUser(agent: AgentRecord | undefined, user: ChatUserRecord): Json {
  const out: Json = { id: user.id, type: "agent", name: agent?.name ?? user.id, email: user.id, present: user.present };
  if (user.eventsSeenUpTo) out.events_seen_up_to = user.eventsSeenUpTo;
  out.avatar = agent?.avatarPath ?? "";
  out.visibility = user.visibility;
  return out;
}

export function renderChatUser(state: LivechatState, user: ChatUserRecord, version: ApiVersion): Json {
  if (user.type === "agent") return renderAgentUser(state.agents.get(user.id), user);
  const customer = state.customers.get(user.id);
  const base: Json = customer ? customerFields(state, customer, version) : { id: user.id, type: "customer" };
  base.present = user.present;
  if (user.eventsSeenUpTo) base.events_seen_up_to = user.eventsSeenUpTo;
  return base;
}

export function renderThread(thread: ThreadRecord): Json {
  const out: Json = {
    id: thread.id,
    created_at: thread.createdAt,
    active: thread.active,
    user_ids: [...thread.userIds],
    events: thread.events.map(renderEvent),
    properties: thread.properties,
    access: { group_ids: [...thread.groupIds] },
    tags: [...thread.tags],
  };
  if (thread.previousThreadId) out.previous_thread_id = thread.previousThreadId;
  if (thread.nextThreadId) out.next_thread_id = thread.nextThreadId;
  return out;
}

/** The chat object of `incoming_chat` and `get_chat`: one thread, all users. */
export function renderChat(state: LivechatState, chat: ChatRecord, thread: ThreadRecord, version: ApiVersion): Json {
  return {
    id: chat.id,
    users: chat.users.map((u) => renderChatUser(state, u, version)),
    properties: chat.properties,
    access: { group_ids: [...chat.groupIds] },
    thread: renderThread(thread),
  };
}

export function renderChatSummary(state: LivechatState, chat: ChatRecord, version: ApiVersion): Json {
  const out: Json = { id: chat.id };
  const lastPerType: Json = {};
  for (const thread of chat.threads) {
    for (const event of thread.events) {
      lastPerType[event.type] = {
        thread_id: thread.id,
        thread_created_at: thread.createdAt,
        event: renderEvent(event),
      };
    }
  }
  out.last_event_per_type = lastPerType;
  out.users = chat.users.map((u) => renderChatUser(state, u, version));
  const last = chat.threads.at(-1);
  if (last) {
    out.last_thread_summary = {
      id: last.id,
      created_at: last.createdAt,
      user_ids: [...last.userIds],
      properties: last.properties,
      active: last.active,
      access: { group_ids: [...last.groupIds] },
    };
  }
  out.properties = chat.properties;
  out.access = { group_ids: [...chat.groupIds] };
  out.is_followed = false;
  return out;
}
