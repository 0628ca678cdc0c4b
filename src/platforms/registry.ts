import type { PlatformId } from "../domain/platform.ts";
import { type ChatwootClients, chatwootPlatform } from "./chatwoot/index.ts";
import { type LivechatClients, livechatPlatform } from "./livechat/index.ts";
import { type RingcentralClients, ringcentralPlatform } from "./ringcentral/index.ts";
import type { Platform } from "./types.ts";

/** What each platform's `createClient` returns: its API client and parsed settings. */
export type PlatformClients = {
  livechat: LivechatClients;
  ringcentral: RingcentralClients;
  chatwoot: ChatwootClients;
};

/**
 * Adding a platform id (src/domain/platform.ts) is a compile error here until its module exists and provides every
 * part of `Platform`.
 */
export type PlatformRegistry = { [P in PlatformId]: Platform<P, PlatformClients[P]> };

export const platforms: PlatformRegistry = {
  livechat: livechatPlatform,
  ringcentral: ringcentralPlatform,
  chatwoot: chatwootPlatform,
};
