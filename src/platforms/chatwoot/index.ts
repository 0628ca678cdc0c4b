import type { Platform } from "../types.ts";
import { type ChatwootClients, chatwootCredentials, chatwootSettings, createChatwootClient } from "./config.ts";
import { connectChatwoot } from "./connect.ts";
import { findChatwootContact } from "./contacts.ts";
import { executeChatwoot } from "./execute.ts";
import { eventName, map } from "./map.ts";
import { chatwootReconcile } from "./reconcile.ts";
import { verify } from "./verify.ts";

/**
 * Chatwoot issues the signing secret (account webhook, agent bot and API inbox each have their own, returned
 * by its API), so a connection stores the secret Chatwoot gave us rather than one we generate.
 */
export const chatwootPlatform: Platform<"chatwoot", ChatwootClients> = {
  id: "chatwoot",
  secretIssuedBy: "platform",
  verify,
  map,
  eventName,
  config: { credentials: chatwootCredentials, settings: chatwootSettings },
  createClient: createChatwootClient,
  connect: connectChatwoot,
  // The account webhook does not expire: connecting again repairs it.
  maintain: null,
  execute: executeChatwoot,
  availabilityCommand: (userId, target) => ({ kind: "chatwoot.set_availability", userId, target }),
  noteCallCommand: ({ externalId, customerPlatformId }, text) => ({
    kind: "chatwoot.note_call",
    conversationId: externalId,
    text,
    contactId: customerPlatformId,
    attributes: customerPlatformId ? { switchboard_last_call: text } : undefined,
  }),
  contacts: { find: findChatwootContact },
  reconcile: chatwootReconcile,
};
export type { ChatwootClients } from "./config.ts";
