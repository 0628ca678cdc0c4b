import type { Platform } from "../types.ts";
import { eventName, map } from "./map.ts";
import { handshake, verify } from "./verify.ts";

/** We choose the verification token when creating each subscription, so the secret is issued by Switchboard. */
export const ringcentralPlatform: Platform = {
  id: "ringcentral",
  secretIssuedBy: "switchboard",
  handshake,
  verify,
  map,
  eventName,
};
