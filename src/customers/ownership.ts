import type { CountryCode } from "libphonenumber-js";
import { identityKey, normaliseEmail, normalisePhone } from "./identities.ts";

export type ConversationRef = {
  id: string;
  connectionId: string;
  channel: string;
  customer: { platformId?: string; email?: string; phone?: string };
};

/**
 * The identity keys a conversation was matched by, strongest first: a chat by its platform customer id, then email,
 * then phone; a call by the caller's number.
 */
export function conversationKeys(c: ConversationRef, region: CountryCode): string[] {
  const keys: string[] = [];
  if (c.channel === "chat" && c.customer.platformId) {
    keys.push(identityKey({ kind: "platform", scope: c.connectionId, value: String(c.customer.platformId) }));
  }
  const email = c.channel === "chat" ? normaliseEmail(c.customer.email) : undefined;
  if (email) keys.push(identityKey({ kind: "email", scope: "", value: email }));
  const phone = normalisePhone(c.customer.phone, region);
  if (phone) keys.push(identityKey({ kind: "phone", scope: "", value: phone }));
  return keys;
}
