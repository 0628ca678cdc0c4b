import type { AuthorType, ChatMessage, CustomerRef } from "../../domain/events.ts";
import type { CwConversation, CwPushMessage, CwSender } from "./webhook-schema.ts";

/** Dates that `new Date()` can represent; anything beyond is garbage, not a time. */
const MAX_DATE_MS = 8.64e15;

/**
 * Chatwoot mixes ISO strings (`created_at` of a message webhook, `changed_attributes`) with unix seconds
 * (`created_at`/`timestamp` of conversations, fractional `updated_at`). Values of 1e12 and above can only be
 * milliseconds. Anything unreadable falls back (normally to the time we received the webhook).
 */
export function toIso(value: unknown, fallback: string): string {
  let ms: number | undefined;
  if (typeof value === "number") ms = secondsOrMs(value);
  else if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) ms = secondsOrMs(Number(value));
  else if (typeof value === "string" && value !== "") ms = Date.parse(value);
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return fallback;
  return new Date(ms).toISOString();
}

const secondsOrMs = (n: number): number => (n >= 1e12 ? n : n * 1000);

export type MessageKind = "incoming" | "outgoing" | "activity" | "template" | "unknown";

/** Webhook bodies send `message_type` as a string, `conversation.messages[]` and REST as an integer. */
export function messageKind(value: string | number): MessageKind {
  switch (value) {
    case 0:
    case "incoming":
      return "incoming";
    case 1:
    case "outgoing":
      return "outgoing";
    case 2:
    case "activity":
      return "activity";
    case 3:
    case "template":
      return "template";
    default:
      return "unknown";
  }
}

/** Normalises `sender.type` ("agent_bot") and `sender_type` ("AgentBot", "Captain::Assistant") alike. */
export function senderKind(type: string | null | undefined): "contact" | "user" | "bot" | "unknown" {
  const t = (type ?? "").toLowerCase().replace(/[^a-z]/g, "");
  if (t === "contact") return "contact";
  if (t === "user") return "user";
  if (t === "agentbot" || t === "captainassistant") return "bot";
  return "unknown";
}

type Author = { authorType: AuthorType; authorId: string };

/**
 * incoming → customer; outgoing → bot when sent by an agent bot or Captain assistant, agent when sent by a user,
 * system when it has no sender (automation rules and campaigns post without one); template and activity
 * messages are produced by Chatwoot itself → system.
 */
export function authorOf(
  kind: MessageKind,
  sender: CwSender | null | undefined,
  senderType: string | null | undefined,
  conversation: CwConversation | undefined,
): Author {
  const senderId = sender?.id ?? "";
  if (kind === "incoming") {
    return { authorType: "customer", authorId: senderId || (conversation?.meta?.sender?.id ?? "") };
  }
  if (kind === "outgoing") {
    if (!sender) return { authorType: "system", authorId: "" };
    const by = senderKind(sender.type ?? senderType);
    return { authorType: by === "bot" ? "bot" : "agent", authorId: senderId };
  }
  return { authorType: "system", authorId: senderId };
}

/** `conversation.messages[]` (push form) → ChatMessage. */
export function pushMessageToChat(
  message: CwPushMessage,
  conversation: CwConversation,
  fallbackAt: string,
): ChatMessage {
  // The push form may carry no sender object; its sender_id/sender_type still name the author.
  const sender: CwSender | null =
    message.sender ?? (message.sender_id ? { id: message.sender_id, type: message.sender_type } : null);
  return {
    id: message.id,
    ...authorOf(messageKind(message.message_type), sender, message.sender_type, conversation),
    text: message.content ?? "",
    at: toIso(message.created_at, fallbackAt),
    private: message.private === true,
  };
}

/** Contact-ish objects (meta.sender, contact webhooks) → CustomerRef, leaving out empty values. */
export function customerOf(contact: CwSender | null | undefined): CustomerRef {
  if (!contact) return {};
  const ref: CustomerRef = { platformId: contact.id };
  if (contact.name) ref.name = contact.name;
  if (contact.email) ref.email = contact.email;
  if (contact.phone_number) ref.phone = contact.phone_number;
  return ref;
}

/** Human assignee ids only: bots are never agents in the registry. */
export function humanAssigneeIds(conversation: CwConversation): string[] {
  const meta = conversation.meta;
  const assignee = meta?.assignee;
  if (!assignee) return [];
  if (meta?.assignee_type === "AgentBot" || senderKind(assignee.type) === "bot") return [];
  return [assignee.id];
}
