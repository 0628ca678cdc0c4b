import { randomBytes } from "node:crypto";

export type IdPrefix =
  | "wsp"
  | "con"
  | "evt"
  | "cmd"
  | "agt"
  | "cus"
  | "cnv"
  | "msg"
  | "aud"
  | "usr"
  | "key"
  | "hst"
  | "doc"
  | "chk"
  | "bcv"
  | "bev"
  | "bau"
  | "grp"
  | "tag"
  | "vis"
  | "thr"
  | "cev"
  | "rtd"
  | "ofr"
  | "rcj";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Prefixed, time-ordered ids: `evt_` + 10 chars of milliseconds + 12 random chars (Crockford base32). */
export function newId(prefix: IdPrefix, nowMs = Date.now()): string {
  let time = "";
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = (ALPHABET[t % 32] ?? "0") + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(12);
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 32];
  return `${prefix}_${time}${rand}`;
}
