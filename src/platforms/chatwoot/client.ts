import type { z } from "zod";
import type { HttpRequest, PlatformError } from "../../lib/http-client.ts";
import { send } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import { chatwootError } from "./client-errors.ts";
import type {
  ChatwootAgent,
  ChatwootAvailability,
  ChatwootContact,
  ChatwootContactPage,
  ChatwootConversation,
  ChatwootConversationPage,
  ChatwootMessage,
  ChatwootProfile,
  ChatwootToggleStatus,
  ChatwootWebhook,
} from "./client-schemas.ts";
import {
  agentSchema,
  anyBodySchema,
  assignmentSchema,
  contactCreatedSchema,
  contactPageSchema,
  contactUpdatedSchema,
  conversationPageSchema,
  labelsSchema,
  profileSchema,
  restConversationSchema,
  restMessageSchema,
  toggleStatusSchema,
  webhookCreatedSchema,
  webhookListSchema,
} from "./client-schemas.ts";
import type {
  AssignTarget,
  ContactFilterCondition,
  ContactInput,
  ConversationListFilter,
  ConversationStatus,
  NewMessage,
  NewWebhook,
} from "./client-types.ts";
import { assignBody, contactBody, conversationQuery, filterBody, messageBody } from "./client-types.ts";

export const CHATWOOT_CLOUD_URL = "https://app.chatwoot.com";

export type ChatwootClientOptions = {
  /** Self-hosted installation or sandbox; Chatwoot Cloud by default. */
  baseUrl?: string;
  accountId: number | string;
  /** A user (admin) token; an agent-bot token reaches only the bot whitelist (doc §3.5). */
  apiAccessToken: string;
  timeoutMs?: number;
};

type Reply<T> = Promise<Result<T, PlatformError>>;
type Query = Record<string, string | number | boolean | readonly string[] | undefined>;
type Call = { query?: Query; body?: unknown };

/** Chatwoot Application API (`/api/v1`), authenticated with the `api_access_token` header. */
export class ChatwootClient {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(options: ChatwootClientOptions) {
    this.baseUrl = (options.baseUrl ?? CHATWOOT_CLOUD_URL).replace(/\/+$/, "");
    this.accountId = String(options.accountId);
    this.#token = options.apiAccessToken;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  // Agents and availability (doc §4.2). No webhook reports availability: poll listAgents().

  listAgents(): Reply<ChatwootAgent[]> {
    return this.#request("GET", this.#account("/agents"), agentSchema.array());
  }

  /**
   * Sets an agent's configured availability with the admin endpoint `PATCH …/agents/{user_id}`: one admin token
   * reaches every agent, it is in swagger, and it writes the same `account_users.availability` the agent's own
   * `POST /profile/availability` writes. `auto_offline` is sent only when asked: turning it off would make an
   * agent count as present with no dashboard open, which is an intent Switchboard must not impose.
   */
  updateAgentAvailability(
    userId: number | string,
    availability: ChatwootAvailability,
    autoOffline?: boolean,
  ): Reply<ChatwootAgent> {
    const body = autoOffline === undefined ? { availability } : { availability, auto_offline: autoOffline };
    return this.#request("PATCH", this.#account(`/agents/${seg(userId)}`), agentSchema, { body });
  }

  /** The token's own user (`GET /api/v1/profile`): for Switchboard's connection, the integration's user. */
  getProfile(): Reply<ChatwootProfile> {
    return this.#request("GET", "/api/v1/profile", profileSchema);
  }

  /** The agent's own call (`POST /api/v1/profile/availability`, not in swagger): needs that agent's token. */
  setOwnAvailability(availability: ChatwootAvailability): Reply<ChatwootProfile> {
    const body = { profile: { account_id: Number(this.accountId), availability } };
    return this.#request("POST", "/api/v1/profile/availability", profileSchema, { body });
  }

  // Conversations (doc §5.2). Ids are the per-account display ids used in webhooks.

  getConversation(conversationId: number | string): Reply<ChatwootConversation> {
    return this.#request("GET", this.#conversation(conversationId), restConversationSchema);
  }

  listConversations(filter: ConversationListFilter = {}): Reply<ChatwootConversationPage> {
    return this.#request("GET", this.#account("/conversations"), conversationPageSchema, {
      query: conversationQuery(filter),
    });
  }

  /** Target state, not a toggle: always sends `status`, since without it Chatwoot flips open↔resolved. */
  setConversationStatus(
    conversationId: number | string,
    status: ConversationStatus,
    snoozedUntilSec?: number,
  ): Reply<ChatwootToggleStatus> {
    const body = snoozedUntilSec === undefined ? { status } : { status, snoozed_until: snoozedUntilSec };
    return this.#request("POST", this.#conversation(conversationId, "/toggle_status"), toggleStatusSchema, { body });
  }

  assignConversation(conversationId: number | string, target: AssignTarget): Reply<void> {
    return this.#request("POST", this.#conversation(conversationId, "/assignments"), assignmentSchema, {
      body: assignBody(target),
    }).then((r) => (r.ok ? ok(undefined) : r));
  }

  createMessage(conversationId: number | string, message: NewMessage): Reply<ChatwootMessage> {
    return this.#request("POST", this.#conversation(conversationId, "/messages"), restMessageSchema, {
      body: messageBody(message),
    });
  }

  listConversationLabels(conversationId: number | string): Reply<string[]> {
    return this.#request("GET", this.#conversation(conversationId, "/labels"), labelsSchema);
  }

  /** Replaces the whole label list (Chatwoot has no add/remove of single labels). */
  setConversationLabels(conversationId: number | string, labels: readonly string[]): Reply<string[]> {
    return this.#request("POST", this.#conversation(conversationId, "/labels"), labelsSchema, {
      body: { labels: [...labels] },
    });
  }

  // Contacts (doc §5.1). Search is a substring match throttled at 100/min: prefer filter for exact lookups.

  filterContacts(conditions: readonly ContactFilterCondition[], page = 1): Reply<ChatwootContactPage> {
    return this.#request("POST", this.#account("/contacts/filter"), contactPageSchema, {
      query: { page },
      body: filterBody(conditions),
    });
  }

  searchContacts(q: string, page = 1): Reply<ChatwootContactPage> {
    return this.#request("GET", this.#account("/contacts/search"), contactPageSchema, { query: { q, page } });
  }

  getContact(contactId: number | string): Reply<ChatwootContact> {
    return this.#request("GET", this.#account(`/contacts/${seg(contactId)}`), contactUpdatedSchema);
  }

  createContact(contact: ContactInput & { inboxId?: number | string; sourceId?: string }): Reply<ChatwootContact> {
    return this.#request("POST", this.#account("/contacts"), contactCreatedSchema, { body: contactBody(contact) });
  }

  /** custom_attributes and additional_attributes are merged into the stored ones by Chatwoot. */
  updateContact(contactId: number | string, patch: ContactInput): Reply<ChatwootContact> {
    return this.#request("PUT", this.#account(`/contacts/${seg(contactId)}`), contactUpdatedSchema, {
      body: contactBody(patch),
    });
  }

  // Account webhooks (doc §2.5), admin only: the "connect" step. The secret is Chatwoot's and cannot be rotated.

  listWebhooks(): Reply<ChatwootWebhook[]> {
    return this.#request("GET", this.#account("/webhooks"), webhookListSchema);
  }

  createWebhook(webhook: NewWebhook): Reply<ChatwootWebhook> {
    const body = { webhook: { url: webhook.url, name: webhook.name, subscriptions: [...webhook.subscriptions] } };
    return this.#request("POST", this.#account("/webhooks"), webhookCreatedSchema, { body });
  }

  /** Deleting and re-creating is the only way to get a new secret for an account webhook. */
  deleteWebhook(webhookId: number | string): Reply<void> {
    return this.#request("DELETE", this.#account(`/webhooks/${seg(webhookId)}`), anyBodySchema).then((r) =>
      r.ok ? ok(undefined) : r,
    );
  }

  #account(path: string): string {
    return `/api/v1/accounts/${seg(this.accountId)}${path}`;
  }

  #conversation(conversationId: number | string, suffix = ""): string {
    return this.#account(`/conversations/${seg(conversationId)}${suffix}`);
  }

  async #request<S extends z.ZodType>(
    method: HttpRequest["method"],
    path: string,
    schema: S,
    call: Call = {},
  ): Reply<z.output<S>> {
    const sent = await send({
      method,
      url: this.baseUrl + path + queryString(call.query),
      headers: { api_access_token: this.#token },
      body: call.body,
      timeoutMs: this.#timeoutMs,
    });
    if (!sent.ok) return sent;
    const res = sent.value;
    if (res.status < 200 || res.status >= 300) return err(chatwootError(res));
    const parsed = schema.safeParse(res.json);
    if (parsed.success) return ok(parsed.data);
    // The write may have happened; re-sending a create could duplicate it, so this is not retryable.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    return err({
      kind: "invalid_response",
      status: res.status,
      message: `unexpected ${method} ${path} response: ${where}`,
      retryable: false,
    });
  }
}

const seg = (id: number | string): string => encodeURIComponent(String(id));

/** Rails array params are `key[]=a&key[]=b`; URLSearchParams also encodes `+` in phone numbers as %2B. */
function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
