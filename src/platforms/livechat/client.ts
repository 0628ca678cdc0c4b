import type { z } from "zod";
import type { PlatformError } from "../../lib/http-client.ts";
import { send } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import { errorBodySchema, livechatError } from "./client-errors.ts";
import type {
  ChatInput,
  CustomerUpdate,
  ListChatsInput,
  OutgoingEvent,
  WebhookRegistration,
} from "./client-requests.ts";
import {
  compact,
  customerUpdateBody,
  type LivechatVersion,
  listChatsBody,
  outgoingEventBody,
} from "./client-requests.ts";

export type { LivechatVersion };

import type {
  AgentRecord,
  ChatPage,
  ChatSnapshot,
  CustomerRecord,
  RoutingStatusEntry,
  WebhookRecord,
} from "./client-schema.ts";
import {
  botTokenSchema,
  emptySchema,
  getChatSchema,
  getCustomerSchema,
  licenseWebhooksStateSchema,
  listAgentsSchema,
  listChatsSchema,
  listWebhooksSchema,
  registerWebhookSchema,
  routingStatusesSchema,
  sendEventSchema,
} from "./client-schema.ts";
import type { RoutingStatus } from "./webhook-schema.ts";

/** A Personal Access Token goes out as `Basic base64(account_id:PAT)`; OAuth and bot tokens as `Bearer`. */
export type LivechatAuth =
  | { kind: "pat"; accountId: string; pat: string }
  | { kind: "bearer"; token: string }
  /** Only for methods that need no authorization (`issue_bot_token`, `list_webhook_names`). */
  | { kind: "none" };

export type LivechatClientOptions = {
  auth: LivechatAuth;
  baseUrl?: string;
  version?: LivechatVersion;
  timeoutMs?: number;
};

type Api = "agent" | "configuration";
type Outcome<T> = Promise<Result<T, PlatformError>>;

export const LIVECHAT_API_URL = "https://api.livechatinc.com";

/** Agent Chat Web API and Configuration API: every call is `POST /<version>/<api>/action/<action>` with JSON. */
export class LivechatClient {
  readonly version: LivechatVersion;
  readonly #baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number | undefined;

  constructor(options: LivechatClientOptions) {
    this.version = options.version ?? "v3.6";
    this.#baseUrl = (options.baseUrl ?? LIVECHAT_API_URL).replace(/\/+$/, "");
    this.#headers = options.auth.kind === "none" ? {} : { authorization: authorizationHeader(options.auth) };
    // The official SDKs send X-Region for region-prefixed OAuth tokens ("dal:…", "fra:…"); whether it is still
    // needed is UNCONFIRMED, and sending it is harmless.
    const region = options.auth.kind === "bearer" ? /^(dal|fra):/.exec(options.auth.token)?.[1] : undefined;
    if (region) this.#headers["x-region"] = region;
    this.#timeoutMs = options.timeoutMs;
  }

  // ── Agent Chat API ────────────────────────────────────────────────────────────────────────────────

  /** `agentId` defaults to the requester; bots may also be set `offline`. */
  setRoutingStatus(input: { status: RoutingStatus; agentId?: string }): Outcome<undefined> {
    return this.#request(
      "agent",
      "set_routing_status",
      compact({ status: input.status, agent_id: input.agentId }),
      emptySchema,
    );
  }

  listRoutingStatuses(input: { groupIds?: number[] } = {}): Outcome<RoutingStatusEntry[]> {
    const body = input.groupIds ? { filters: { group_ids: input.groupIds } } : {};
    return this.#request("agent", "list_routing_statuses", body, routingStatusesSchema);
  }

  /** The requester must already be a user of the chat (`addUserToChat`). */
  sendEvent(input: {
    chatId: string;
    event: OutgoingEvent;
    attachToLastThread?: boolean;
  }): Outcome<{ eventId: string }> {
    const body = compact({
      chat_id: input.chatId,
      event: outgoingEventBody(input.event),
      // Documented for the Customer API only; for agents UNCONFIRMED, so sent only when asked for.
      attach_to_last_thread: input.attachToLastThread,
    });
    return this.#request("agent", "send_event", body, sendEventSchema);
  }

  addUserToChat(input: {
    chatId: string;
    userId: string;
    userType: "agent" | "customer";
    visibility?: "all" | "agents";
    ignoreRequesterPresence?: boolean;
  }): Outcome<undefined> {
    const body = compact({
      chat_id: input.chatId,
      user_id: input.userId,
      user_type: input.userType,
      visibility: input.visibility ?? (input.userType === "agent" ? "all" : undefined),
      ignore_requester_presence: input.ignoreRequesterPresence,
    });
    return this.#request("agent", "add_user_to_chat", body, emptySchema);
  }

  /** Without `threadId` LiveChat returns the latest thread. */
  getChat(input: ChatInput): Outcome<ChatSnapshot> {
    return this.#request(
      "agent",
      "get_chat",
      compact({ chat_id: input.chatId, thread_id: input.threadId }),
      getChatSchema,
    );
  }

  listChats(input: ListChatsInput = {}): Outcome<ChatPage> {
    return this.#request("agent", "list_chats", listChatsBody(input, this.version), listChatsSchema);
  }

  getCustomer(customerId: string): Outcome<CustomerRecord> {
    return this.#request("agent", "get_customer", { id: customerId }, getCustomerSchema);
  }

  updateCustomer(update: CustomerUpdate): Outcome<undefined> {
    return this.#request("agent", "update_customer", customerUpdateBody(update, this.version), emptySchema);
  }

  /**
   * There is no `update_customer_session_fields` method in any version; the documented way is `update_customer`
   * with only `session_fields` (it replaces the list and fires `customer_session_fields_updated` for active chats).
   */
  updateCustomerSessionFields(customerId: string, sessionFields: Record<string, string>): Outcome<undefined> {
    return this.updateCustomer({ id: customerId, sessionFields });
  }

  /** Properties must be registered in our namespace first (Configuration API `register_property`). */
  updateChatProperties(input: {
    chatId: string;
    properties: Record<string, Record<string, unknown>>;
  }): Outcome<undefined> {
    return this.#request(
      "agent",
      "update_chat_properties",
      { id: input.chatId, properties: input.properties },
      emptySchema,
    );
  }

  /** Hands the chat to a group's or agent's people; the requester leaves it (webhook `chat_transferred`). */
  transferChat(input: {
    chatId: string;
    target: { type: "group" | "agent"; ids: Array<number | string> };
  }): Outcome<undefined> {
    return this.#request("agent", "transfer_chat", { id: input.chatId, target: input.target }, emptySchema);
  }

  // ── Configuration API ─────────────────────────────────────────────────────────────────────────────

  listAgents(input: { groupIds?: number[]; suspended?: boolean; fields?: string[] } = {}): Outcome<AgentRecord[]> {
    const filters = compact({ group_ids: input.groupIds, suspended: input.suspended });
    const body = compact({ filters: Object.keys(filters).length > 0 ? filters : undefined, fields: input.fields });
    return this.#request("configuration", "list_agents", body, listAgentsSchema);
  }

  /** A bot's own Agent API token (valid 24 h); needs no authorization, the bot's secret is the credential. */
  issueBotToken(input: {
    botId: string;
    clientId: string;
    botSecret: string;
    organizationId: string;
  }): Outcome<{ token: string }> {
    const body = {
      bot_id: input.botId,
      client_id: input.clientId,
      bot_secret: input.botSecret,
      organization_id: input.organizationId,
    };
    return this.#request("configuration", "issue_bot_token", body, botTokenSchema);
  }

  registerWebhook(input: WebhookRegistration): Outcome<{ id: string }> {
    const body = compact({
      url: input.url,
      action: input.action,
      secret_key: input.secretKey,
      owner_client_id: input.ownerClientId,
      type: input.type,
      description: input.description,
      additional_data: input.additionalData,
      filters: input.filters,
    });
    return this.#request("configuration", "register_webhook", body, registerWebhookSchema);
  }

  listWebhooks(ownerClientId: string): Outcome<WebhookRecord[]> {
    return this.#request("configuration", "list_webhooks", { owner_client_id: ownerClientId }, listWebhooksSchema);
  }

  unregisterWebhook(input: { id: string; ownerClientId: string }): Outcome<undefined> {
    const body = { id: input.id, owner_client_id: input.ownerClientId };
    return this.#request("configuration", "unregister_webhook", body, emptySchema);
  }

  /** `ownerClientId` is required with a PAT; a Bearer token's own client id is used when it is omitted. */
  enableLicenseWebhooks(ownerClientId?: string): Outcome<undefined> {
    return this.#request(
      "configuration",
      "enable_license_webhooks",
      compact({ owner_client_id: ownerClientId }),
      emptySchema,
    );
  }

  getLicenseWebhooksState(ownerClientId?: string): Outcome<{ enabled: boolean }> {
    const body = compact({ owner_client_id: ownerClientId });
    return this.#request("configuration", "get_license_webhooks_state", body, licenseWebhooksStateSchema);
  }

  async #request<S extends z.ZodType>(api: Api, action: string, body: unknown, schema: S): Outcome<z.output<S>> {
    const sent = await send({
      method: "POST",
      url: `${this.#baseUrl}/${this.version}/${api}/action/${action}`,
      headers: this.#headers,
      body,
      ...(this.#timeoutMs !== undefined ? { timeoutMs: this.#timeoutMs } : {}),
    });
    if (!sent.ok) return sent;
    const res = sent.value;
    // A 200 carrying an error object is still an error: the SDKs key on the body, not only the status.
    if (res.status < 200 || res.status >= 300 || errorBodySchema.safeParse(res.json).success) {
      return err(livechatError(res));
    }
    if (res.text !== "" && res.json === undefined) {
      return err({
        kind: "invalid_response",
        status: res.status,
        message: `${action}: response is not JSON`,
        retryable: false,
      });
    }
    const parsed = schema.safeParse(res.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? ` at ${issue.path.join(".") || "(root)"}: ${issue.message}` : "";
      return err({
        kind: "invalid_response",
        status: res.status,
        message: `${action}: unexpected response${where}`,
        retryable: false,
      });
    }
    return ok(parsed.data);
  }
}

function authorizationHeader(auth: Exclude<LivechatAuth, { kind: "none" }>): string {
  if (auth.kind === "bearer") return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.accountId}:${auth.pat}`, "utf8").toString("base64")}`;
}
