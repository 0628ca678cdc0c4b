import type { Platform } from "../types.ts";
import {
  createRingcentralClient,
  type RingcentralClients,
  ringcentralCredentials,
  ringcentralSettings,
} from "./config.ts";
import { connectRingcentral, maintainRingcentral } from "./connect.ts";
import { findRingcentralContact } from "./contacts.ts";
import { executeRingcentral } from "./execute.ts";
import { eventName, map } from "./map.ts";
import { ringcentralReconcile } from "./reconcile.ts";
import { handshake, verify } from "./verify.ts";

/** We choose the verification token when creating each subscription, so the secret is issued by Switchboard. */
export const ringcentralPlatform: Platform<"ringcentral", RingcentralClients> = {
  id: "ringcentral",
  secretIssuedBy: "switchboard",
  handshake,
  verify,
  map,
  eventName,
  config: { credentials: ringcentralCredentials, settings: ringcentralSettings },
  createClient: createRingcentralClient,
  connect: connectRingcentral,
  maintain: maintainRingcentral,
  execute: executeRingcentral,
  availabilityCommand: (extensionId, target) => ({ kind: "ringcentral.set_presence", extensionId, target }),
  // RingCentral carries calls, not chats: there is no chat to note a call on.
  noteCallCommand: () => null,
  contacts: { find: findRingcentralContact },
  reconcile: ringcentralReconcile,
};
export type { RingcentralClients } from "./config.ts";
