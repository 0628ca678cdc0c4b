import { randomBytes, randomUUID } from "node:crypto";
import { DEMO_AGENTS, DEMO_CUSTOMERS } from "../shared/demo-team.ts";
import { CHATWOOT_DEMO, DEFAULT_WEBHOOK_SUBSCRIPTIONS } from "./constants.ts";
import type {
  AccountWebhook,
  AgentBot,
  Availability,
  Contact,
  ContactInbox,
  Conversation,
  Inbox,
  User,
} from "./model.ts";
import type { ChatwootConfig } from "./options.ts";

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Rails `has_secure_token`: 24 base58 characters. */
export function secureToken(length = 24): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += BASE58[byte % BASE58.length];
  return out;
}

/**
 * `AvailabilityStatusable`: with auto_offline off the configured availability counts as is; with it on, only
 * while the user has a live presence (doc §4.1).
 */
export function effectiveStatus(user: User): Availability {
  if (!user.autoOffline) return user.availability;
  return user.present ? user.availability : "offline";
}

type Counters = { contact: number; contactInbox: number; conversation: number; message: number; webhook: number };

/** Everything one Chatwoot account holds. Mutated in place, so every module keeps the same reference across resets. */
export class ChatwootState {
  account = { id: 0, name: "" };
  users = new Map<number, User>();
  bots = new Map<number, AgentBot>();
  inboxes = new Map<number, Inbox>();
  contacts = new Map<number, Contact>();
  contactInboxes = new Map<number, ContactInbox>();
  conversations = new Map<number, Conversation>();
  webhooks = new Map<number, AccountWebhook>();
  /** Round-robin queue of member ids per inbox (Chatwoot keeps it in Redis). */
  roundRobin = new Map<number, number[]>();
  #counters: Counters = { contact: 0, contactInbox: 0, conversation: 0, message: 0, webhook: 0 };

  nextId(kind: keyof Counters): number {
    this.#counters[kind] += 1;
    return this.#counters[kind];
  }

  userByToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.accessToken === token) return user;
    return undefined;
  }

  botByToken(token: string): AgentBot | undefined {
    for (const bot of this.bots.values()) if (bot.accessToken === token) return bot;
    return undefined;
  }

  agents(): User[] {
    return [...this.users.values()];
  }

  /** Seeds the demo account: an admin, the 8 demo agents (online), an agent bot, an API and a web widget inbox. */
  reset(config: ChatwootConfig): void {
    const now = config.now();
    this.account = { id: config.accountId, name: config.accountName };
    for (const map of [this.users, this.bots, this.inboxes, this.contacts, this.contactInboxes]) map.clear();
    this.conversations.clear();
    this.webhooks.clear();
    this.roundRobin.clear();
    this.#counters = { contact: 0, contactInbox: 0, conversation: 0, message: 0, webhook: 0 };

    this.users.set(CHATWOOT_DEMO.adminUserId, {
      id: CHATWOOT_DEMO.adminUserId,
      name: CHATWOOT_DEMO.adminName,
      displayName: null,
      email: CHATWOOT_DEMO.adminEmail,
      role: "administrator",
      accessToken: config.adminToken,
      pubsubToken: secureToken(),
      // The admin is the integration's user, not a person taking chats: no dashboard open, so effectively offline.
      availability: "online",
      autoOffline: true,
      present: false,
      createdAt: now,
    });
    for (const agent of DEMO_AGENTS) {
      const id = CHATWOOT_DEMO.firstAgentUserId + agent.index;
      this.users.set(id, {
        id,
        name: agent.name,
        displayName: agent.name.split(" ")[0] ?? agent.name,
        email: agent.email,
        role: "agent",
        accessToken: config.agentTokens[agent.index] ?? `${CHATWOOT_DEMO.agentTokenPrefix}${agent.index + 1}`,
        pubsubToken: secureToken(),
        availability: "online",
        autoOffline: true,
        present: true,
        createdAt: now,
      });
    }
    this.bots.set(CHATWOOT_DEMO.agentBotId, {
      id: CHATWOOT_DEMO.agentBotId,
      name: CHATWOOT_DEMO.agentBotName,
      description: "Switchboard AI agent bot",
      outgoingUrl: config.agentBotUrl,
      accessToken: config.agentBotToken,
      secret: config.agentBotSecret,
      createdAt: now,
    });
    const memberIds = DEMO_AGENTS.map((a) => CHATWOOT_DEMO.firstAgentUserId + a.index);
    const botFor = (inboxId: number) => (config.botInboxIds.includes(inboxId) ? CHATWOOT_DEMO.agentBotId : null);
    this.inboxes.set(CHATWOOT_DEMO.apiInboxId, {
      id: CHATWOOT_DEMO.apiInboxId,
      name: CHATWOOT_DEMO.apiInboxName,
      channelType: "Channel::Api",
      channelId: 1,
      memberIds: [...memberIds],
      agentBotId: botFor(CHATWOOT_DEMO.apiInboxId),
      enableAutoAssignment: true,
      secret: config.apiInboxSecret,
      hmacToken: secureToken(),
      webhookUrl: config.apiInboxWebhookUrl,
      inboxIdentifier: secureToken(),
      websiteToken: null,
      websiteUrl: null,
      createdAt: now,
    });
    this.inboxes.set(CHATWOOT_DEMO.webWidgetInboxId, {
      id: CHATWOOT_DEMO.webWidgetInboxId,
      name: CHATWOOT_DEMO.webWidgetInboxName,
      channelType: "Channel::WebWidget",
      channelId: 1,
      memberIds: [...memberIds],
      agentBotId: botFor(CHATWOOT_DEMO.webWidgetInboxId),
      enableAutoAssignment: true,
      secret: null,
      hmacToken: secureToken(),
      webhookUrl: null,
      inboxIdentifier: secureToken(),
      websiteToken: CHATWOOT_DEMO.websiteToken,
      websiteUrl: "https://switchboard.demo",
      createdAt: now,
    });
    for (const customer of DEMO_CUSTOMERS) {
      const id = this.nextId("contact");
      this.contacts.set(id, {
        id,
        name: customer.name,
        email: customer.email,
        phoneNumber: customer.phone,
        identifier: null,
        blocked: false,
        additionalAttributes: {},
        customAttributes: {},
        labels: [],
        lastActivityAt: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    for (const seed of config.webhooks) {
      const id = this.nextId("webhook");
      this.webhooks.set(id, {
        id,
        name: seed.name ?? null,
        url: seed.url,
        subscriptions: [...(seed.subscriptions ?? DEFAULT_WEBHOOK_SUBSCRIPTIONS)],
        secret: seed.secret ?? secureToken(),
        inboxId: null,
      });
    }
  }
}

export const newUuid = (): string => randomUUID();
