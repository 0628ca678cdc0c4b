import { DEMO_AGENTS, DEMO_CUSTOMERS } from "../shared/demo-team.ts";
import type { ApiVersion } from "./constants.ts";
import { DEFAULT_MAX_CHATS_COUNT } from "./constants.ts";
import { seededUuid, timestamp } from "./ids.ts";

export type RoutingStatus = "accepting_chats" | "not_accepting_chats" | "offline";
export type Visibility = "all" | "agents";
export type Properties = Record<string, Record<string, unknown>>;
export type SessionFields = Record<string, string>[];

export type AgentRecord = {
  id: string;
  accountId: string;
  name: string;
  role: "owner" | "viceowner" | "administrator" | "normal";
  groupIds: number[];
  routingStatus: RoutingStatus;
  /** Configuration API `login_status`: the default after login, spelled with a space. */
  loginStatus: "accepting chats" | "not accepting chats";
  maxChatsCount: number;
  jobTitle: string;
  avatarPath: string;
  /** Set for bot agents (Configuration API `create_bot`): their secret and the Client ID that owns them. */
  bot?: { secret: string; ownerClientId: string };
};

export type CustomerRecord = {
  id: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  avatar?: string;
  emailVerified: boolean;
  sessionFields: SessionFields;
  createdAt: string;
  visitStartedAt: string;
  chatIds: string[];
};

export type EventRecord = {
  id: string;
  type: string;
  authorId?: string;
  createdAt: string;
  visibility: Visibility;
  /** Type-specific fields (`text`, `system_message_type`, `text_vars`, `custom_id`, `properties`, …) in wire casing. */
  fields: Record<string, unknown>;
};

export type ThreadRecord = {
  id: string;
  createdAt: string;
  active: boolean;
  userIds: string[];
  events: EventRecord[];
  properties: Properties;
  tags: string[];
  groupIds: number[];
  previousThreadId?: string;
  nextThreadId?: string;
};

export type ChatUserRecord = {
  id: string;
  type: "agent" | "customer";
  present: boolean;
  visibility: Visibility;
  eventsSeenUpTo?: string;
};

export type ChatRecord = {
  id: string;
  customerId: string;
  users: ChatUserRecord[];
  properties: Properties;
  groupIds: number[];
  threads: ThreadRecord[];
};

export type WebhookRegistration = {
  id: string;
  url: string;
  description?: string;
  action: string;
  secretKey: string;
  ownerClientId: string;
  type: "license" | "bot";
  filters?: Record<string, unknown>;
  additionalData: string[];
  /** Envelope/payload version: the API version the webhook was registered through. */
  version: ApiVersion;
  /** Configuration changes reach the system after a propagation delay. */
  activeFromMs: number;
};

const ROLES: AgentRecord["role"][] = ["owner", "viceowner", "administrator"];

/** Everything the sandbox remembers; `reset()` returns to the seeded demo state. */
export class LivechatState {
  agents = new Map<string, AgentRecord>();
  customers = new Map<string, CustomerRecord>();
  chats = new Map<string, ChatRecord>();
  webhooks: WebhookRegistration[] = [];
  licenseWebhooks = new Map<string, boolean>();
  /** Bot tokens from `issue_bot_token`: token → bot id and expiry. */
  botTokens = new Map<string, { botId: string; expiresAtMs: number }>();
  readonly #ownerAccountId: string;

  constructor(ownerAccountId: string) {
    this.#ownerAccountId = ownerAccountId;
    this.reset();
  }

  reset(): void {
    this.agents.clear();
    this.customers.clear();
    this.chats.clear();
    this.webhooks = [];
    this.licenseWebhooks.clear();
    for (const [id, agent] of this.agents) if (agent.bot) this.agents.delete(id);
    this.botTokens.clear();
    for (const demo of DEMO_AGENTS) {
      this.agents.set(demo.email, {
        id: demo.email,
        accountId: demo.index === 0 ? this.#ownerAccountId : seededUuid(0x5b0a0001, demo.index),
        name: demo.name,
        role: ROLES[demo.index] ?? "normal",
        groupIds: [0, demo.index < 4 ? 1 : 2],
        routingStatus: "accepting_chats",
        loginStatus: "accepting chats",
        maxChatsCount: DEFAULT_MAX_CHATS_COUNT,
        jobTitle: "Support Agent",
        avatarPath: `cdn.livechatinc.com/avatars/${demo.index + 1}.png`,
      });
    }
    const seededAt = timestamp(new Date("2025-01-06T09:00:00Z"));
    DEMO_CUSTOMERS.forEach((demo, i) => {
      const id = seededUuid(0x5b0c0001, i);
      this.customers.set(id, {
        id,
        name: demo.name,
        email: demo.email,
        phoneNumber: demo.phone,
        emailVerified: false,
        sessionFields: [],
        createdAt: seededAt,
        visitStartedAt: seededAt,
        chatIds: [],
      });
    });
  }

  /** The thread a chat is running now, if any. */
  activeThread(chat: ChatRecord): ThreadRecord | undefined {
    const last = chat.threads.at(-1);
    return last?.active ? last : undefined;
  }

  lastThread(chat: ChatRecord): ThreadRecord | undefined {
    return chat.threads.at(-1);
  }

  /** Chats with an active thread the agent is a present user of. */
  activeChatIdsOf(agentId: string): string[] {
    const ids: string[] = [];
    for (const chat of this.chats.values()) {
      if (!this.activeThread(chat)) continue;
      if (chat.users.some((u) => u.id === agentId && u.present)) ids.push(chat.id);
    }
    return ids;
  }
}
