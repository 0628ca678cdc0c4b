import { newCustomerId, timestamp } from "./ids.ts";
import type { AgentRecord, CustomerRecord, LivechatState, RoutingStatus, SessionFields } from "./state.ts";
import { renderCustomer } from "./views.ts";
import type { WebhookDispatcher } from "./webhook-dispatch.ts";
import type { WebhookSource } from "./webhook-filters.ts";

/**
 * How `routing_status_set` webhooks spell the status. The webhook docs and the Go SDK fixture show
 * `"accepting chats"` (space); the Web API and RTM use `accepting_chats`. Which one the live webhook sends is
 * UNCONFIRMED, so the sandbox defaults to the webhook docs' form and can be switched.
 */
export type RoutingStatusWebhookFormat = "space" | "underscore";

export type CustomerInput = {
  name?: string;
  email?: string;
  phoneNumber?: string;
  avatar?: string;
  sessionFields?: SessionFields;
};

/** Agent availability and customer records; each change emits the webhook LiveChat would. */
export class PeopleOps {
  readonly #state: LivechatState;
  readonly #webhooks: WebhookDispatcher;
  readonly #statusFormat: RoutingStatusWebhookFormat;

  constructor(state: LivechatState, webhooks: WebhookDispatcher, statusFormat: RoutingStatusWebhookFormat) {
    this.#state = state;
    this.#webhooks = webhooks;
    this.#statusFormat = statusFormat;
  }

  /** Every set emits `routing_status_set`, even when the status does not change (UNCONFIRMED either way). */
  setRoutingStatus(agent: AgentRecord, status: RoutingStatus, source: WebhookSource): void {
    agent.routingStatus = status;
    const wireStatus = this.#statusFormat === "space" ? status.replaceAll("_", " ") : status;
    this.#webhooks.dispatch({
      action: "routing_status_set",
      source,
      agentId: agent.id,
      payload: () => ({ agent_id: agent.id, status: wireStatus }),
    });
  }

  /** New customer identity; v3.5 webhooks announce it as `incoming_customer` (removed in v3.6). */
  createCustomer(input: CustomerInput, source: WebhookSource): CustomerRecord {
    const now = timestamp();
    const customer: CustomerRecord = {
      id: newCustomerId(),
      emailVerified: false,
      sessionFields: input.sessionFields ?? [],
      createdAt: now,
      visitStartedAt: now,
      chatIds: [],
    };
    if (input.name !== undefined) customer.name = input.name;
    if (input.email !== undefined) customer.email = input.email;
    if (input.phoneNumber !== undefined) customer.phoneNumber = input.phoneNumber;
    if (input.avatar !== undefined) customer.avatar = input.avatar;
    this.#state.customers.set(customer.id, customer);
    // The docs nest the customer (`{customer: {...}}`); the old Go fixture is flat. UNCONFIRMED: docs' form used.
    this.#webhooks.dispatch({
      action: "incoming_customer",
      source,
      payload: (v) => ({ customer: renderCustomer(this.#state, customer, v) }),
    });
    return customer;
  }

  /** Applies `update_customer`; new session fields are announced once per active chat of the customer. */
  updateCustomer(customer: CustomerRecord, input: CustomerInput, source: WebhookSource): void {
    if (input.name !== undefined) customer.name = input.name;
    if (input.email !== undefined) customer.email = input.email;
    if (input.phoneNumber !== undefined) customer.phoneNumber = input.phoneNumber;
    if (input.avatar !== undefined) customer.avatar = input.avatar;
    if (input.sessionFields === undefined) return;
    customer.sessionFields = input.sessionFields;
    for (const chatId of customer.chatIds) {
      const chat = this.#state.chats.get(chatId);
      const thread = chat ? this.#state.activeThread(chat) : undefined;
      if (!chat || !thread) continue;
      const sessionFields = customer.sessionFields;
      this.#webhooks.dispatch({
        action: "customer_session_fields_updated",
        source,
        chat,
        payload: () => ({
          id: customer.id,
          active_chat: { chat_id: chat.id, thread_id: thread.id },
          session_fields: sessionFields,
        }),
      });
    }
  }
}
