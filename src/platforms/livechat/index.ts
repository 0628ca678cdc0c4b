import type { Platform } from "../types.ts";
import { createLivechatClient, type LivechatClients, livechatCredentials, livechatSettings } from "./config.ts";
import { connectLivechat } from "./connect.ts";
import { executeLivechat } from "./execute.ts";
import { eventName, map } from "./map.ts";
import { livechatReconcile } from "./reconcile.ts";
import { redactBody } from "./redact.ts";
import { verify } from "./verify.ts";

/** We choose the webhook secret and hand it to LiveChat in `register_webhook`; it comes back in every body. */
export const livechatPlatform: Platform<"livechat", LivechatClients> = {
  id: "livechat",
  secretIssuedBy: "switchboard",
  verify,
  map,
  redactBody,
  eventName,
  config: { credentials: livechatCredentials, settings: livechatSettings },
  createClient: createLivechatClient,
  connect: connectLivechat,
  // Registrations do not expire: connecting again repairs them.
  maintain: null,
  execute: executeLivechat,
  availabilityCommand: (agentExternalId, target) => ({ kind: "livechat.set_routing_status", agentExternalId, target }),
  noteCallCommand: ({ customerPlatformId }, text) =>
    customerPlatformId
      ? { kind: "livechat.note_call", customerId: customerPlatformId, fields: { switchboard_last_call: text } }
      : null,
  // Customers are not synced to LiveChat as contacts.
  contacts: null,
  reconcile: livechatReconcile,
};

export type { LivechatAuth, LivechatClientOptions, LivechatVersion } from "./client.ts";
export { LivechatClient } from "./client.ts";
export type { LivechatClients } from "./config.ts";
