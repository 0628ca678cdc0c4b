import type { Platform } from "../types.ts";
import { eventName, map } from "./map.ts";
import { redactBody } from "./redact.ts";
import { verify } from "./verify.ts";

/** We choose the webhook secret and hand it to LiveChat in `register_webhook`; it comes back in every body. */
export const livechatPlatform: Platform = {
  id: "livechat",
  secretIssuedBy: "switchboard",
  verify,
  map,
  redactBody,
  eventName,
};

export type { LivechatAuth, LivechatClientOptions, LivechatVersion } from "./client.ts";
export { LivechatClient } from "./client.ts";
