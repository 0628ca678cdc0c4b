import { z } from "zod";
import { verify } from "../../platforms/chatwoot/verify.ts";
import { BOT_MARKER_KEY, type ChannelEvent, type ChannelInbound } from "./types.ts";

const MAX_SKEW_MS = 300_000;

const conversation = z.looseObject({ id: z.number().int(), status: z.string().optional() });
const messageEvent = z.looseObject({
  event: z.enum(["message_created"]),
  id: z.number().int(),
  content: z.string().nullable().optional(),
  message_type: z.union([z.string(), z.number()]),
  private: z.boolean().optional(),
  content_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
  sender: z
    .looseObject({
      id: z.number().int().optional(),
      type: z.string().optional(),
      email: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  conversation,
});
const statusEvent = z.looseObject({
  event: z.enum([
    "conversation_status_changed",
    "conversation_opened",
    "conversation_resolved",
    "conversation_updated",
  ]),
  id: z.number().int(),
  status: z.string(),
  meta: z.looseObject({ assignee: z.looseObject({ type: z.string().optional() }).nullable().optional() }).optional(),
});

const MESSAGE_TYPES: Record<string, "incoming" | "outgoing" | "activity" | "template"> = {
  "0": "incoming",
  "1": "outgoing",
  "2": "activity",
  "3": "template",
  incoming: "incoming",
  outgoing: "outgoing",
  activity: "activity",
  template: "template",
};

const ownerOfStatus = (status: string): "bot" | "human" | "closed" | null =>
  status === "pending" ? "bot" : status === "open" ? "human" : status === "resolved" ? "closed" : null;

/** A Chatwoot agent bot's webhook (doc §3.2, §3.6): signed with the bot's own secret. */
export const chatwootInbound: ChannelInbound = {
  verify: ({ rawBody, headers, credentials, nowMs }) => {
    const v = verify({ rawBody, headers, secret: credentials.botSecret ?? "", nowMs, maxSkewMs: MAX_SKEW_MS });
    if (!v.ok) return { ok: false, reason: v.reason };
    // The same message reaches an inbox bot and an assigned bot with different delivery ids: the message id is
    // the key (doc §3.6); other events keep the delivery's key.
    const parsed = z
      .looseObject({ event: z.string(), id: z.union([z.number(), z.string()]).optional() })
      .safeParse(v.body);
    const key =
      parsed.success && parsed.data.event.startsWith("message_") && parsed.data.id !== undefined
        ? `${parsed.data.event}:${parsed.data.id}`
        : v.dedupeKey;
    return { ok: true, dedupeKey: key, body: v.body };
  },
  parse: (body): ChannelEvent => {
    const message = messageEvent.safeParse(body);
    if (message.success) {
      const m = message.data;
      const type = MESSAGE_TYPES[String(m.message_type)] ?? "activity";
      const senderType = m.sender?.type ?? (type === "incoming" ? "contact" : null);
      const marker = m.content_attributes?.[BOT_MARKER_KEY];
      return {
        kind: "message",
        conversationId: String(m.conversation.id),
        contactKey: type === "incoming" && m.sender?.id !== undefined ? `chatwoot:contact:${m.sender.id}` : null,
        messageId: String(m.id),
        platformOwner: ownerOfStatus(m.conversation.status ?? ""),
        message: {
          direction: type === "incoming" ? "incoming" : "outgoing",
          author:
            type === "activity" || type === "template"
              ? "system"
              : senderType === "agent_bot" || senderType === "captain_assistant"
                ? "bot"
                : senderType === "user"
                  ? "human"
                  : type === "incoming"
                    ? "customer"
                    : "system",
          private: m.private ?? false,
          activity: type === "activity",
          botMarker: typeof marker === "string" ? marker : null,
          text: (m.content ?? "").slice(0, 4000),
        },
      };
    }
    const status = statusEvent.safeParse(body);
    if (status.success) {
      const owner = ownerOfStatus(status.data.status);
      if (!owner) return { kind: "ignored", reason: `status ${status.data.status}` };
      return {
        kind: "status",
        conversationId: String(status.data.id),
        owner,
        detail: `${status.data.event}: ${status.data.status}`,
      };
    }
    const event = z.looseObject({ event: z.string() }).safeParse(body);
    return { kind: "ignored", reason: event.success ? `event ${event.data.event}` : "not a Chatwoot event" };
  },
};
