import { randomBytes, randomInt } from "node:crypto";

/** Id formats copied from the shapes in the vendor samples (not the values). */

export function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** `s-a6abd24ca6774373a8120a3390d3cbe8`, as in the telephony-session samples. */
export function telephonySessionId(): string {
  return `s-${hex(16)}`;
}

/** Digits only, e.g. a legacy `sessionId` ("425008160016") or a notification `uuid` ("1823485288313944239"). */
export function numericId(digits: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < digits) out += String(randomInt(0, 10));
  return out;
}

/** Call-log record ids look like `ASaxDDkSZ5s42MA`. */
export function callLogId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < 15; i++) out += alphabet[randomInt(0, alphabet.length)];
  return out;
}

/** Opaque bearer/refresh tokens; real ones are base64 blobs of similar length. */
export function opaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(36).toString("base64url")}`;
}

/**
 * A monotonic numeric-string id source (chats, posts, contacts, recordings). Never rewound on `/_sim/reset`, so
 * an id seen before a reset is never handed out again with different content.
 */
export class Sequence {
  #next: bigint;
  constructor(start: bigint) {
    this.#next = start;
  }
  next(): string {
    const value = this.#next;
    this.#next += 1n;
    return String(value);
  }
}
