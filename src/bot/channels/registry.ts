import type { BotChannel } from "../settings.ts";
import { chatwootInbound } from "./chatwoot-inbound.ts";
import { livechatInbound } from "./livechat-inbound.ts";
import type { ChannelInbound } from "./types.ts";

/** Channels whose platform calls a bot webhook; the widget's messages arrive through the chat engine instead. */
const INBOUND: Record<BotChannel, ChannelInbound | null> = {
  chatwoot: chatwootInbound,
  livechat: livechatInbound,
  widget: null,
};

export const inboundFor = (channel: BotChannel): ChannelInbound | null => INBOUND[channel];
