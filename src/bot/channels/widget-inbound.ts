import { z } from "zod";
import { BOT_MARKER_KEY, type ChannelEvent, type ChannelInbound } from "./types.ts";

/** A built-in chat event as the widget intake stores it for the bot (see widget-intake.ts). */
export const widgetInboundSchema = z.object({
  conversationId: z.string(),
  eventId: z.string(),
  type: z.enum(["message", "system"]),
  authorType: z.enum(["visitor", "agent", "bot", "system"]),
  authorId: z.string().nullable(),
  text: z.string(),
  metadata: z.record(z.string(), z.unknown()),
});
export type WidgetInbound = z.infer<typeof widgetInboundSchema>;

const AUTHORS = { visitor: "customer", agent: "human", bot: "bot", system: "system" } as const;

/** Normalises a built-in chat event; its bot webhook does not exist (the chat engine hands events over in-process). */
export function parseWidgetEvent(body: unknown): ChannelEvent {
  const parsed = widgetInboundSchema.safeParse(body);
  if (!parsed.success) return { kind: "ignored", reason: "not a built-in chat event" };
  const e = parsed.data;
  const marker = e.metadata[BOT_MARKER_KEY];
  return {
    kind: "message",
    conversationId: e.conversationId,
    contactKey: e.authorType === "visitor" && e.authorId ? `widget:${e.authorId}` : null,
    messageId: e.eventId,
    message: {
      direction: e.authorType === "visitor" ? "incoming" : "outgoing",
      author: AUTHORS[e.authorType],
      private: false,
      activity: e.type === "system",
      botMarker: typeof marker === "string" ? marker : null,
      text: e.text,
    },
    platformOwner: null,
  };
}

export const widgetInbound: ChannelInbound = {
  verify: () => ({ ok: false, reason: "channel_without_webhooks" }),
  parse: parseWidgetEvent,
};
