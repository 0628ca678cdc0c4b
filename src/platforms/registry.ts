import type { PlatformId } from "../domain/platform.ts";
import { chatwootPlatform } from "./chatwoot/index.ts";
import { livechatPlatform } from "./livechat/index.ts";
import { ringcentralPlatform } from "./ringcentral/index.ts";
import type { Platform } from "./types.ts";

/** Adding a platform id is a compile error here until its implementation exists. */
export type PlatformRegistry = Record<PlatformId, Platform>;

export const platforms: PlatformRegistry = {
  livechat: livechatPlatform,
  ringcentral: ringcentralPlatform,
  chatwoot: chatwootPlatform,
};
