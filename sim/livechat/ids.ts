import { randomBytes, randomInt, randomUUID } from "node:crypto";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Chat and thread ids look like `PJ0MRSHTDG`: ten upper-case letters and digits. */
export function newChatOrThreadId(): string {
  let id = "";
  for (let i = 0; i < 10; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** Customer ids are UUIDs. */
export function newCustomerId(): string {
  return randomUUID();
}

/** Agent-API event ids are `<thread id>_<ordinal>` (e.g. `K600PKZON8_1`). */
export function eventId(threadId: string, ordinal: number): string {
  return `${threadId}_${ordinal}`;
}

/** Webhook registration ids: 32 hex characters, like the `webhook_id` values in the SDK fixtures. */
export function newWebhookId(): string {
  return randomBytes(16).toString("hex");
}

/** RFC 3339 with microseconds, UTC — the timestamp format of every LiveChat payload. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Deterministic UUID for seeded records, so ids survive `/_sim/reset`. */
export function seededUuid(namespace: number, index: number): string {
  const ns = namespace.toString(16).padStart(8, "0");
  const ix = index.toString(16).padStart(12, "0");
  return `${ns}-5eed-4000-8000-${ix}`;
}
