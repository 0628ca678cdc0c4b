/** The sandbox's records, close to Chatwoot's tables. Times are milliseconds since the epoch. */

export const AVAILABILITIES = ["online", "busy", "offline"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const CONVERSATION_STATUSES = ["open", "resolved", "pending", "snoozed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Role = "administrator" | "agent";
export type ChannelType = "Channel::Api" | "Channel::WebWidget";

export type User = {
  id: number;
  name: string;
  displayName: string | null;
  email: string;
  role: Role;
  accessToken: string;
  pubsubToken: string;
  /** `account_users.availability`: what the agent chose. */
  availability: Availability;
  autoOffline: boolean;
  /** Stands in for a live ActionCable presence (dashboard open); the effective status depends on it. */
  present: boolean;
  createdAt: number;
};

export type AgentBot = {
  id: number;
  name: string;
  description: string;
  outgoingUrl: string | null;
  accessToken: string;
  secret: string;
  createdAt: number;
};

export type Inbox = {
  id: number;
  name: string;
  channelType: ChannelType;
  channelId: number;
  memberIds: number[];
  /** The inbox's active agent bot (`agent_bot_inboxes`). */
  agentBotId: number | null;
  enableAutoAssignment: boolean;
  /** API channel signing secret (null for web widget inboxes). */
  secret: string | null;
  hmacToken: string;
  webhookUrl: string | null;
  inboxIdentifier: string;
  websiteToken: string | null;
  websiteUrl: string | null;
  createdAt: number;
};

export type Contact = {
  id: number;
  name: string;
  email: string | null;
  phoneNumber: string | null;
  identifier: string | null;
  blocked: boolean;
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  labels: string[];
  lastActivityAt: number | null;
  createdAt: number;
  updatedAt: number;
};

export type ContactInbox = {
  id: number;
  contactId: number;
  inboxId: number;
  sourceId: string;
  pubsubToken: string;
  hmacVerified: boolean;
  createdAt: number;
  updatedAt: number;
};

/** 0 incoming, 1 outgoing, 2 activity, 3 template (the REST integers). */
export type MessageType = 0 | 1 | 2 | 3;
export type SenderRef = { type: "Contact" | "User" | "AgentBot"; id: number } | null;
export type MessageStatus = "sent" | "delivered" | "read" | "failed";

export type Message = {
  id: number;
  /** The conversation's display id. */
  conversationId: number;
  inboxId: number;
  content: string | null;
  messageType: MessageType;
  contentType: string;
  contentAttributes: Record<string, unknown>;
  private: boolean;
  status: MessageStatus;
  sourceId: string | null;
  echoId: string | null;
  sender: SenderRef;
  createdAt: number;
  updatedAt: number;
};

export type Conversation = {
  /** `display_id`: the id in URLs and payloads. */
  id: number;
  uuid: string;
  inboxId: number;
  contactId: number;
  contactInboxId: number;
  status: ConversationStatus;
  assigneeId: number | null;
  assigneeBotId: number | null;
  teamId: number | null;
  labels: string[];
  priority: Priority | null;
  snoozedUntil: number | null;
  waitingSince: number | null;
  firstReplyCreatedAt: number | null;
  agentLastSeenAt: number | null;
  assigneeLastSeenAt: number | null;
  contactLastSeenAt: number | null;
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  messages: Message[];
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
};

export type AccountWebhook = {
  id: number;
  name: string | null;
  url: string;
  subscriptions: string[];
  secret: string;
  inboxId: number | null;
};

/** The caller of an Application API route. */
export type Actor = { kind: "user"; user: User } | { kind: "bot"; bot: AgentBot };
