import { createHmac } from "node:crypto";

/**
 * `X-Chatwoot-Signature` exactly as `lib/webhooks/trigger.rb` builds it (doc §2.2): `sha256=` + lowercase hex
 * HMAC-SHA256 keyed with the secret's UTF-8 bytes over `"<timestamp>.<raw body>"`.
 */
export function signChatwoot(secret: string, timestamp: string | number, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

/**
 * The headers of one delivery attempt. The timestamp is taken when called (Chatwoot computes it per attempt);
 * with no secret, neither timestamp nor signature is sent, as on installations that predate signing.
 */
export function chatwootDeliveryHeaders(input: {
  deliveryId: string;
  secret: string | null;
  body: string;
  nowMs: number;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
    "X-Chatwoot-Delivery": input.deliveryId,
  };
  if (input.secret) {
    const ts = String(Math.floor(input.nowMs / 1000));
    headers["X-Chatwoot-Timestamp"] = ts;
    headers["X-Chatwoot-Signature"] = signChatwoot(input.secret, ts, input.body);
  }
  return headers;
}
