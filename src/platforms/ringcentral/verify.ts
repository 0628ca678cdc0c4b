import { safeEqual } from "../../lib/crypto.ts";
import type { Headers, VerifyInput, VerifyOutcome } from "../types.ts";

/**
 * RingCentral subscription webhooks are not HMAC-signed: the `deliveryMode.verificationToken` we chose when
 * subscribing comes back verbatim in the `Verification-Token` header (platforms/ringcentral.md §1.4).
 */
const VERIFICATION_HEADER = "verification-token";
/**
 * CONFLICT (§1.4): a Dec 2023 rewrite of the receiving guide names the header `Validation-Token` on every
 * notification. It looks like an editorial slip, but a sender following it would otherwise be locked out, so
 * that header is accepted too, compared against the same secret. The subscribe-time handshake also carries a
 * `Validation-Token` (a random value, not our secret); `handshake()` answers it before verify() ever runs.
 */
const VALIDATION_HEADER = "validation-token";

/** Header names whose values are credentials and must never be stored with the event. */
const SECRET_HEADER = /token|secret|authorization|cookie|password|api-key/i;

function keptHeaders(headers: Headers): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && !SECRET_HEADER.test(lower)) kept[lower] = value;
  }
  return kept;
}

function checkToken(headers: Headers, secret: string): VerifyOutcome | undefined {
  const candidates = [headers[VERIFICATION_HEADER], headers[VALIDATION_HEADER]].filter(
    (value): value is string => value !== undefined && value !== "",
  );
  if (candidates.length === 0) {
    return { ok: false, reason: "missing_signature", detail: "no Verification-Token header" };
  }
  // Fail closed: with an empty secret any empty token would otherwise match.
  if (secret === "") return { ok: false, reason: "bad_secret", detail: "connection has no verification token" };
  // Compare every candidate (no short-circuit) so timing does not reveal which header matched.
  const matches = candidates.map((value) => safeEqual(value, secret));
  if (!matches.includes(true)) return { ok: false, reason: "bad_secret", detail: "Verification-Token mismatch" };
  return undefined;
}

/** Pure: authenticates a notification from its headers, then checks the envelope and extracts the dedupe key. */
export function verify(input: VerifyInput): VerifyOutcome {
  // Authenticate before parsing: an unauthenticated body is never worth the work of reading.
  const rejected = checkToken(input.headers, input.secret);
  if (rejected) return rejected;

  const text = input.rawBody.toString("utf8");
  if (text.trim() === "") return { ok: false, reason: "empty_body" };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: "malformed_json" };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, reason: "invalid_envelope", detail: "body is not a JSON object" };
  }
  const uuid: unknown = "uuid" in body ? body.uuid : undefined;
  if (typeof uuid !== "string" || uuid.trim() === "") {
    return { ok: false, reason: "invalid_envelope", detail: "notification has no uuid" };
  }
  const event: unknown = "event" in body ? body.event : undefined;
  if (typeof event !== "string" || event === "") {
    return { ok: false, reason: "invalid_envelope", detail: "notification has no event" };
  }
  // Presence and telephony sessions carry `sequence` for ordering; they decide whether an agent's chats pause.
  const urgent = /\/presence|\/telephony\/sessions/.test(event);
  return { ok: true, dedupeKey: uuid, body, keptHeaders: keptHeaders(input.headers), urgent };
}

/**
 * The subscribe-time validation request carries a `Validation-Token` and an empty body; we echo it with a 200
 * (the route stores nothing). A notification that carries that header per the CONFLICT above has a body, so a
 * request announcing one (positive Content-Length or chunked) is left to verify() instead of being swallowed.
 */
export function handshake(headers: Headers): Headers | null {
  const token = headers[VALIDATION_HEADER];
  if (token === undefined || token === "") return null;
  const length = Number(headers["content-length"] ?? "0");
  const announcesBody = (Number.isFinite(length) && length > 0) || headers["transfer-encoding"] !== undefined;
  if (announcesBody) return null;
  return { "validation-token": token, "content-type": "application/json" };
}
