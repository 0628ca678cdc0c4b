import { CHATWOOT_DEMO, CHATWOOT_LIMITS, type WebhookEventName } from "./constants.ts";

/** A webhook registered at create and on every reset, so a demo does not need to call the API first. */
export type SeedWebhook = {
  url: string;
  subscriptions?: WebhookEventName[];
  name?: string;
  /** Fixed secret (Chatwoot generates one; a fixed value lets the hub be configured ahead of time). */
  secret?: string;
};

export type ChatwootSimOptions = {
  accountId?: number;
  accountName?: string;
  adminToken?: string;
  /** Tokens for the 8 demo agents, in DEMO_AGENTS order; missing entries fall back to the demo tokens. */
  agentTokens?: string[];
  agentBotToken?: string;
  agentBotSecret?: string;
  /** Where the agent bot's events go (null: the bot has no outgoing_url and receives nothing). */
  agentBotUrl?: string | null;
  /** Inboxes the agent bot is attached to at seed time; their new conversations start `pending`. Default none. */
  botInboxIds?: number[];
  apiInboxSecret?: string;
  /** The API inbox's channel `webhook_url` (gets every event of that inbox). Default none. */
  apiInboxWebhookUrl?: string | null;
  webhooks?: SeedWebhook[];
  /** Round-robin auto-assignment of new/opened unassigned conversations to online inbox members (default true). */
  autoAssignment?: boolean;
  /** Account setting `keep_pending_on_bot_failure` (doc §2.1): when false a failed bot delivery opens the conversation. */
  keepPendingOnBotFailure?: boolean;
  /** Chatwoot builds account-webhook payloads in an async job; this is how long that job waits (ms, default 0). */
  webhookLagMs?: number;
  /** Delivery timeout (ms), `WEBHOOK_TIMEOUT` default 5 s. */
  webhookTimeoutMs?: number;
  /** Simulates Chatwoot < v4.11.2: no X-Chatwoot-Timestamp / X-Chatwoot-Signature headers. */
  unsignedWebhooks?: boolean;
  /** Limits per minute; null or 0 turns one off. */
  rateLimits?: {
    perIpPerMinute?: number | null;
    contactSearchPerMinute?: number | null;
    conversationsMetaPerMinute?: number | null;
    messagesPerConversationPerMinute?: number | null;
    /** Rack-attack sends no Retry-After unless configured to; turn it on to exercise header handling. */
    retryAfterHeader?: boolean;
  };
  /** Clock (ms since epoch) for timestamps, rate-limit windows and signature timestamps. */
  now?: () => number;
  logger?: boolean;
};

export type ChatwootConfig = {
  accountId: number;
  accountName: string;
  adminToken: string;
  agentTokens: string[];
  agentBotToken: string;
  agentBotSecret: string;
  agentBotUrl: string | null;
  botInboxIds: number[];
  apiInboxSecret: string;
  apiInboxWebhookUrl: string | null;
  webhooks: SeedWebhook[];
  autoAssignment: boolean;
  keepPendingOnBotFailure: boolean;
  webhookLagMs: number;
  webhookTimeoutMs: number;
  unsignedWebhooks: boolean;
  limits: {
    perIpPerMinute: number;
    contactSearchPerMinute: number;
    conversationsMetaPerMinute: number;
    messagesPerConversationPerMinute: number;
    retryAfterHeader: boolean;
  };
  now: () => number;
  logger: boolean;
};

const limit = (value: number | null | undefined, fallback: number): number =>
  value === undefined ? fallback : (value ?? 0);

export function resolveOptions(options: ChatwootSimOptions = {}): ChatwootConfig {
  const agentTokens = Array.from(
    { length: 8 },
    (_, i) => options.agentTokens?.[i] ?? `${CHATWOOT_DEMO.agentTokenPrefix}${i + 1}`,
  );
  const rl = options.rateLimits ?? {};
  return {
    accountId: options.accountId ?? CHATWOOT_DEMO.accountId,
    accountName: options.accountName ?? CHATWOOT_DEMO.accountName,
    adminToken: options.adminToken ?? CHATWOOT_DEMO.adminToken,
    agentTokens,
    agentBotToken: options.agentBotToken ?? CHATWOOT_DEMO.agentBotToken,
    agentBotSecret: options.agentBotSecret ?? CHATWOOT_DEMO.agentBotSecret,
    agentBotUrl: options.agentBotUrl ?? null,
    botInboxIds: options.botInboxIds ?? [],
    apiInboxSecret: options.apiInboxSecret ?? CHATWOOT_DEMO.apiInboxSecret,
    apiInboxWebhookUrl: options.apiInboxWebhookUrl ?? null,
    webhooks: options.webhooks ?? [],
    autoAssignment: options.autoAssignment ?? true,
    keepPendingOnBotFailure: options.keepPendingOnBotFailure ?? false,
    webhookLagMs: options.webhookLagMs ?? 0,
    webhookTimeoutMs: options.webhookTimeoutMs ?? CHATWOOT_LIMITS.webhookTimeoutSeconds * 1000,
    unsignedWebhooks: options.unsignedWebhooks ?? false,
    limits: {
      perIpPerMinute: limit(rl.perIpPerMinute, CHATWOOT_LIMITS.perIpPerMinute),
      contactSearchPerMinute: limit(rl.contactSearchPerMinute, CHATWOOT_LIMITS.contactSearchPerMinute),
      conversationsMetaPerMinute: limit(rl.conversationsMetaPerMinute, CHATWOOT_LIMITS.conversationsMetaPerMinute),
      messagesPerConversationPerMinute: limit(
        rl.messagesPerConversationPerMinute,
        CHATWOOT_LIMITS.messagesPerConversationPerMinute,
      ),
      retryAfterHeader: rl.retryAfterHeader ?? false,
    },
    now: options.now ?? Date.now,
    logger: options.logger ?? false,
  };
}
