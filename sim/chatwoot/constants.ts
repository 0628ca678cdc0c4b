/**
 * Chatwoot facts the sandbox reproduces (platforms/chatwoot.md, Chatwoot v4.15.1) and the demo credentials it
 * is seeded with. Every default here can be overridden through `ChatwootSimOptions`.
 */

/** Demo credentials. Real Chatwoot tokens are 24-character `has_secure_token` strings; these keep that length. */
export const CHATWOOT_DEMO = {
  accountId: 1,
  accountName: "Switchboard Demo",
  adminUserId: 1,
  adminName: "Switchboard Admin",
  adminEmail: "admin@switchboard.demo",
  adminToken: "sbCwAdminToken0000000001",
  /** Agent n (0-based, the DEMO_AGENTS order) gets user id `firstAgentUserId + n` and token `${agentTokenPrefix}${n+1}`. */
  firstAgentUserId: 2,
  agentTokenPrefix: "sbCwAgentToken000000000",
  agentBotId: 1,
  agentBotName: "Switchboard Bot",
  agentBotToken: "sbCwBotAccessToken000001",
  agentBotSecret: "sbCwBotSigningSecret0001",
  apiInboxId: 1,
  apiInboxName: "Switchboard API",
  apiInboxSecret: "sbCwApiInboxSecret000001",
  webWidgetInboxId: 2,
  webWidgetInboxName: "Website chat",
  websiteToken: "sbCwWebsiteToken00000001",
} as const;

/** `Webhook::ALLOWED_WEBHOOK_EVENTS` (doc §2.3). */
export const ALLOWED_WEBHOOK_EVENTS = [
  "conversation_status_changed",
  "conversation_updated",
  "conversation_created",
  "contact_created",
  "contact_updated",
  "message_created",
  "message_updated",
  "webwidget_triggered",
  "inbox_created",
  "inbox_updated",
  "conversation_typing_on",
  "conversation_typing_off",
] as const;
export type WebhookEventName = (typeof ALLOWED_WEBHOOK_EVENTS)[number];

/** Events only agent bots receive (doc §2.3 table). */
export type BotOnlyEventName = "conversation_opened" | "conversation_resolved";
export type ChatwootEventName = WebhookEventName | BotOnlyEventName;

/** The `webhooks.subscriptions` column default, used when a create request omits `subscriptions`. */
export const DEFAULT_WEBHOOK_SUBSCRIPTIONS: WebhookEventName[] = [
  "conversation_status_changed",
  "conversation_updated",
  "conversation_created",
  "contact_created",
  "contact_updated",
  "message_created",
  "message_updated",
  "webwidget_triggered",
];

/** An API inbox's `webhook_url` gets every conversation/message/typing event of that inbox (doc §2.3). */
export const API_INBOX_EVENTS: ReadonlySet<ChatwootEventName> = new Set<ChatwootEventName>([
  "conversation_created",
  "conversation_status_changed",
  "conversation_updated",
  "message_created",
  "message_updated",
  "conversation_typing_on",
  "conversation_typing_off",
]);

/** What an agent bot's `outgoing_url` receives (doc §3.2). */
export const AGENT_BOT_EVENTS: ReadonlySet<ChatwootEventName> = new Set<ChatwootEventName>([
  "message_created",
  "message_updated",
  "conversation_opened",
  "conversation_resolved",
  "conversation_status_changed",
  "conversation_updated",
  "webwidget_triggered",
]);

/** `AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS` (doc §3.5), as `controller#action`. */
export const BOT_ACCESSIBLE_ENDPOINTS: ReadonlySet<string> = new Set([
  "conversations#show",
  "conversations#toggle_status",
  "conversations#toggle_typing_status",
  "conversations#toggle_priority",
  "conversations#create",
  "conversations#update",
  "conversations#custom_attributes",
  "conversations/messages#create",
  "conversations/assignments#create",
  "conversations/labels#index",
  "conversations/labels#create",
]);

/** Rack-attack and model limits (doc §5.3, §3.3). */
export const CHATWOOT_LIMITS = {
  perIpPerMinute: 3000,
  contactSearchPerMinute: 100,
  conversationsMetaPerMinute: 30,
  messagesPerConversationPerMinute: 200,
  maxMessageLength: 150_000,
  conversationsPerPage: 25,
  contactsPerPage: 15,
  /** `WEBHOOK_TIMEOUT` default, seconds. */
  webhookTimeoutSeconds: 5,
} as const;

/** Error bodies (doc §5.4, examples/api_error_examples.json). */
export const CHATWOOT_ERRORS = {
  invalidToken: { error: "Invalid Access Token" },
  // UNCONFIRMED (doc §5.4): devise_token_auth's answer when no token is sent at all.
  noToken: { errors: ["You need to sign in or sign up before continuing."] },
  botEndpoint: { error: "Access to this endpoint is not authorized for bots" },
  botAccount: { error: "Bot is not authorized to access this account" },
  userAccount: { error: "You are not authorized to access this account" },
  forbidden: { error: "You are not authorized to do this action" },
  notFound: { error: "Resource could not be found" },
  tooManyMessages: { error: "Validation failed: Too many messages" },
  searchMissingQ: { error: "Specify search string with parameter q" },
  incomingOnlyApi: { error: "Incoming messages are only allowed in Api inboxes" },
} as const;

/** Rack-attack 6.7's default throttled response (doc §5.3: UNCONFIRMED body; `Retry-After` off by default). */
export const THROTTLED_BODY = "Retry later\n";
