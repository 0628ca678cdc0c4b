import type { Platform } from "../types.ts";
import { eventName, map } from "./map.ts";
import { verify } from "./verify.ts";

/**
 * Chatwoot issues the signing secret (account webhook, agent bot and API inbox each have their own, returned
 * by its API), so a connection stores the secret Chatwoot gave us rather than one we generate.
 */
export const chatwootPlatform: Platform = {
  id: "chatwoot",
  secretIssuedBy: "platform",
  verify,
  map,
  eventName,
};
