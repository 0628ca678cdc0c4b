import { safeEqual } from "../../lib/crypto.ts";
import type { Headers, VerifyInput, VerifyOutcome } from "../types.ts";
import { dedupeKeyFor } from "./dedupe-key.ts";
import { redactBody } from "./redact.ts";
import { envelopeSchema } from "./webhook-schema.ts";

/**
 * LiveChat's only documented authenticity mechanism is the `secret_key` echoed inside the JSON body
 * (no signature header exists: platforms/livechat.md §1.2). The body is not signed, so the comparison
 * must at least be constant-time, and the secret must never be stored with the event.
 */
export function verify(input: VerifyInput): VerifyOutcome {
  const text = decodeUtf8(input.rawBody);
  if (text === undefined) return { ok: false, reason: "malformed_json", detail: "body is not valid UTF-8" };
  if (text.trim() === "") return { ok: false, reason: "empty_body" };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "malformed_json" };
  }

  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    return {
      ok: false,
      reason: "invalid_envelope",
      detail: first ? `${first.path.join(".") || "(root)"}: ${first.message}` : "not a LiveChat webhook envelope",
    };
  }

  const received = envelope.data.secret_key;
  if (typeof received !== "string" || received === "") {
    return { ok: false, reason: "bad_secret", detail: "no secret_key string in the body" };
  }
  // An unset connection secret must never match an attacker's empty or guessed value.
  if (input.secret === "" || !safeEqual(received, input.secret)) return { ok: false, reason: "bad_secret" };

  const { secret_key: _secret, ...stored } = envelope.data;
  // The stored copy is the received JSON minus the secret (every other field kept, unknown ones included).
  const { secret_key: _raw, ...withoutSecret } = json as Record<string, unknown>;
  return {
    ok: true,
    dedupeKey: dedupeKeyFor(envelope.data, input.nowMs),
    body: stored,
    keptHeaders: keepHeaders(input.headers),
    // A `secret_key` nested deeper (an echo of the envelope in a payload field) goes too.
    storedBody: redactBody(Buffer.from(JSON.stringify(withoutSecret))),
    // A person's own status change; the engine orders such reports by time.
    urgent: envelope.data.action === "routing_status_set",
  };
}

/**
 * LiveChat documents no request headers beyond Content-Type; these help trace a delivery without
 * holding anything secret (the secret travels in the body, never in a header).
 */
const KEPT_HEADERS = ["content-type", "user-agent", "x-request-id", "x-forwarded-for"];

function keepHeaders(headers: Headers): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value !== undefined && KEPT_HEADERS.includes(lower)) kept[lower] = value;
  }
  return kept;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
