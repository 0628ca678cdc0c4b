import { randomBytes } from "node:crypto";

export type HandshakeResult =
  | { ok: true }
  | { ok: false; kind: "unreachable" | "invalid-response"; detail: string; validationToken: string };

/** Documented ceiling for the whole validation response, headers plus body (doc §1.2). */
const MAX_RESPONSE_BYTES = 1024;

/**
 * The validation request RingCentral sends before activating a WebHook subscription: POST, empty body,
 * `Validation-Token` header. Passing needs HTTP 200 with the same value echoed in a `Validation-Token` response
 * header, within the deadline (3 s; older docs say 1 s), in ≤ 1024 bytes.
 * UNCONFIRMED: whether `Verification-Token` is also sent here; it is (as in the outgoing-webhooks doc), so a
 * receiver that checks it on every request still passes.
 */
export async function validationHandshake(
  address: string,
  verificationToken: string | undefined,
  timeoutMs: number,
): Promise<HandshakeResult> {
  const validationToken = randomBytes(24).toString("base64url");
  const headers: Record<string, string> = {
    "validation-token": validationToken,
    "user-agent": "RingCentral-Webhook/8.3",
  };
  if (verificationToken) headers["verification-token"] = verificationToken;
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await fetch(address, {
      method: "POST",
      headers,
      body: "",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.arrayBuffer();
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    const detail = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : "";
    return timedOut
      ? { ok: false, kind: "invalid-response", detail: `no answer within ${timeoutMs} ms`, validationToken }
      : { ok: false, kind: "unreachable", detail: detail || "connection failed", validationToken };
  }
  const fail = (detail: string): HandshakeResult => ({ ok: false, kind: "invalid-response", detail, validationToken });
  if (response.status !== 200) return fail(`status ${response.status}, expected 200`);
  if (response.headers.get("validation-token") !== validationToken) return fail("Validation-Token header not echoed");
  let size = body.byteLength;
  for (const [name, value] of response.headers) size += name.length + value.length + 4;
  if (size > MAX_RESPONSE_BYTES) return fail(`response is ${size} bytes, limit ${MAX_RESPONSE_BYTES}`);
  return { ok: true };
}
