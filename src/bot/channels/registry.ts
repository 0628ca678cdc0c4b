import type { BotChannel } from "../settings.ts";
import { chatwootInbound } from "./chatwoot-inbound.ts";
import { livechatInbound } from "./livechat-inbound.ts";
import type { ChannelInbound } from "./types.ts";
import { widgetInbound } from "./widget-inbound.ts";

/** Each channel's inbound side. The widget has no webhook: the chat engine stores its events for the bot itself. */
const INBOUND: Record<BotChannel, ChannelInbound> = {
  chatwoot: chatwootInbound,
  livechat: livechatInbound,
  widget: widgetInbound,
};

export const inboundFor = (channel: BotChannel): ChannelInbound => INBOUND[channel];

/** Channels whose platform calls the bot's own webhook. */
export const hasWebhook = (channel: BotChannel): boolean => channel !== "widget";
