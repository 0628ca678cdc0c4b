import { z } from "zod";
import { verify } from "../../platforms/livechat/verify.ts";
import { BOT_MARKER_KEY, type ChannelEvent, type ChannelInbound } from "./types.ts";

/** What the bot attaches to its events (`custom_id`), to recognise its own echoes. */
export const LIVECHAT_MARKER_PREFIX = `${BOT_MARKER_KEY}:`;

/** Identity formats (platforms/livechat.md §1.1.8): agents are emails, bots 32 hex characters, customers UUIDs. */
const BOT_ID = /^[0-9a-f]{32}$/;
const authorOf = (id: string | undefined): "customer" | "human" | "bot" | "system" =>
  id === undefined ? "system" : BOT_ID.test(id) ? "bot" : id.includes("@") ? "human" : "customer";

const envelope = z.looseObject({
  action: z.string(),
  payload: z.looseObject({}),
  additional_data: z.looseObject({ chat_presence_user_ids: z.array(z.string()).optional() }).nullish(),
});
const lcEvent = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  author_id: z.string().optional(),
  text: z.string().optional(),
  visibility: z.enum(["all", "agents"]).optional(),
  custom_id: z.string().optional(),
});
type LcEvent = z.infer<typeof lcEvent>;
const incomingEvent = z.looseObject({ chat_id: z.string().min(1), thread_id: z.string().optional(), event: lcEvent });
/** `incoming_chat`: a chat started (or a new thread); the visitor's first message is already in its thread. */
const incomingChat = z.looseObject({
  chat: z.looseObject({
    id: z.string().min(1),
    users: z.array(z.looseObject({ id: z.string(), present: z.boolean().optional() })).optional(),
    thread: z.looseObject({ events: z.array(lcEvent).default([]) }).optional(),
  }),
});

function messageEvent(chatId: string, e: LcEvent, present: string[] | undefined): ChannelEvent {
  const author = e.type === "system_message" ? "system" : authorOf(e.author_id);
  const marker = e.custom_id?.startsWith(LIVECHAT_MARKER_PREFIX)
    ? e.custom_id.slice(LIVECHAT_MARKER_PREFIX.length)
    : null;
  return {
    kind: "message",
    conversationId: chatId,
    contactKey: author === "customer" && e.author_id ? `livechat:customer:${e.author_id}` : null,
    messageId: e.id,
    // Without a bot among the chat's users (when LiveChat says who is there), the chat is not the bot's.
    platformOwner: present && !present.some((id) => BOT_ID.test(id)) ? "human" : null,
    message: {
      direction: author === "customer" ? "incoming" : "outgoing",
      author,
      private: e.visibility === "agents",
      activity: e.type === "system_message",
      botMarker: marker,
      text: e.type === "message" ? (e.text ?? "").slice(0, 4000) : "",
    },
  };
}
const transferred = z.looseObject({
  chat_id: z.string().min(1),
  transferred_to: z.looseObject({ agent_ids: z.array(z.string()).optional() }).optional(),
});
const deactivated = z.looseObject({ chat_id: z.string().min(1) });

/**
 * A LiveChat bot webhook (`register_webhook` with `type: "bot"`): the `secret_key` in the body is the only
 * authenticity check LiveChat has; the same verification as the connection's license webhooks.
 */
export const livechatInbound: ChannelInbound = {
  verify: ({ rawBody, headers, credentials, nowMs }) => {
    const v = verify({ rawBody, headers, secret: credentials.webhookSecret ?? "", nowMs, maxSkewMs: 0 });
    return v.ok ? { ok: true, dedupeKey: v.dedupeKey, body: v.body } : { ok: false, reason: v.reason };
  },
  parse: (body): ChannelEvent => {
    const env = envelope.safeParse(body);
    if (!env.success) return { kind: "ignored", reason: "not a LiveChat webhook" };
    const present = env.data.additional_data?.chat_presence_user_ids;
    if (env.data.action === "incoming_event") {
      const p = incomingEvent.safeParse(env.data.payload);
      if (!p.success) return { kind: "ignored", reason: "incoming_event without a chat or event" };
      return messageEvent(p.data.chat_id, p.data.event, present);
    }
    if (env.data.action === "incoming_chat") {
      const p = incomingChat.safeParse(env.data.payload);
      if (!p.success) return { kind: "ignored", reason: "incoming_chat without a chat" };
      const { id, users, thread } = p.data.chat;
      const first = (thread?.events ?? []).filter((e) => e.type === "message" && authorOf(e.author_id) === "customer");
      const last = first.at(-1);
      if (!last) return { kind: "ignored", reason: "incoming_chat without a customer message" };
      return messageEvent(
        id,
        last,
        users?.filter((u) => u.present !== false).map((u) => u.id),
      );
    }
    if (env.data.action === "chat_transferred") {
      const p = transferred.safeParse(env.data.payload);
      if (!p.success) return { kind: "ignored", reason: "chat_transferred without a chat" };
      const toBot = (p.data.transferred_to?.agent_ids ?? []).some((id) => BOT_ID.test(id));
      if (toBot) return { kind: "ignored", reason: "transferred to a bot" };
      return { kind: "status", conversationId: p.data.chat_id, owner: "human", detail: "chat_transferred" };
    }
    if (env.data.action === "chat_deactivated") {
      const p = deactivated.safeParse(env.data.payload);
      if (!p.success) return { kind: "ignored", reason: "chat_deactivated without a chat" };
      return { kind: "status", conversationId: p.data.chat_id, owner: "closed", detail: "chat_deactivated" };
    }
    return { kind: "ignored", reason: `event ${env.data.action}` };
  },
};
