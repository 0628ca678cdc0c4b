import { createHash, createHmac } from "node:crypto";
import { safeEqual } from "../../lib/crypto.ts";
import type { Headers, VerifyInput, VerifyOutcome } from "../types.ts";
import { envelopeSchema } from "./webhook-schema.ts";

export const SIGNATURE_HEADER = "x-chatwoot-signature";
export const TIMESTAMP_HEADER = "x-chatwoot-timestamp";
export const DELIVERY_HEADER = "x-chatwoot-delivery";

/**
 * Stored with the event for audit/replay. The signature is not a secret (it is useless without the key), and
 * keeping it lets an operator re-check a stored delivery; nothing here carries the secret itself.
 */
const KEPT_HEADERS = [DELIVERY_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, "content-type", "user-agent"] as const;

/** `sha256=` + hex HMAC-SHA256(secret, "<timestamp>.<raw body>") — platforms/chatwoot.md §2.2. */
export function chatwootSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
}

/**
 * Verifies a Chatwoot webhook (account, API-inbox or agent-bot delivery; each has its own secret) against the
 * raw bytes. Authenticity is checked before the body is parsed, so unauthenticated garbage is reported as
 * unauthenticated rather than as malformed.
 */
export function verify(input: VerifyInput): VerifyOutcome {
  const { rawBody, secret, nowMs, maxSkewMs } = input;
  const headers = lowerCaseKeys(input.headers);
  if (rawBody.length === 0) return { ok: false, reason: "empty_body" };
  // An empty key would make the HMAC forgeable by anyone; treat it as a misconfigured connection.
  if (secret.length === 0) return { ok: false, reason: "bad_secret", detail: "no webhook secret configured" };

  const signature = headers[SIGNATURE_HEADER]?.trim();
  const timestamp = headers[TIMESTAMP_HEADER]?.trim();
  // Chatwoot < v4.11.2 (bots/API inboxes < v4.13.0) send neither header; unsigned deliveries are refused.
  if (!signature || !timestamp) {
    return {
      ok: false,
      reason: "missing_signature",
      detail: `missing ${signature ? TIMESTAMP_HEADER : SIGNATURE_HEADER}`,
    };
  }
  // Hex is case-insensitive; Chatwoot sends lower case, but a proxy rewriting case must not cause a rejection.
  if (!safeEqual(signature.toLowerCase(), chatwootSignature(secret, timestamp, rawBody))) {
    return { ok: false, reason: "bad_signature" };
  }
  // Chatwoot has no replay protection of its own, so a correctly signed but old delivery is refused.
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: "stale_timestamp", detail: "timestamp is not unix seconds" };
  }
  if (Math.abs(nowMs - Number(timestamp) * 1000) > maxSkewMs) {
    return { ok: false, reason: "stale_timestamp", detail: `timestamp ${timestamp} outside ±${maxSkewMs} ms` };
  }

  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed_json" };
  }
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    return { ok: false, reason: "invalid_envelope", detail: "expected a JSON object with a string `event`" };
  }

  return { ok: true, dedupeKey: dedupeKey(headers, rawBody), body, keptHeaders: keptHeaders(headers) };
}

/**
 * `X-Chatwoot-Delivery` is one uuid per (event × destination), reused across agent-bot retries. Every signed
 * v4.11.2+ delivery carries it, but the header is only set "if present" in trigger.rb, so whether every version
 * and path sends it is UNCONFIRMED. Fallback: a hash of the raw body. Not `<event>:<id>:<timestamp>`, because the
 * timestamp is regenerated on each retry attempt while the body is built once, so only the body hash stays
 * stable across retries (and it also collapses the same event sent to both an inbox bot and an assigned bot).
 */
function dedupeKey(headers: Headers, rawBody: Buffer): string {
  const delivery = headers[DELIVERY_HEADER]?.trim();
  if (delivery) return delivery;
  return `sha256:${createHash("sha256").update(rawBody).digest("hex")}`;
}

function keptHeaders(headers: Headers): Headers {
  const kept: Headers = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

/** The ingest route lower-cases names already; doing it again here keeps verify() correct for any caller. */
function lowerCaseKeys(headers: Headers): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
