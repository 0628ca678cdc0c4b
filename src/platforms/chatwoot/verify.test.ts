import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Headers, VerifyInput } from "../types.ts";
import { chatwootSignature, verify } from "./verify.ts";

// Test vector from platforms/chatwoot.md §2.2 (computed there with Python and Node).
const VECTOR = {
  secret: "k3vQ9sX2mT7pL4nB8cR1wZ6y",
  timestamp: "1781691323",
  body: '{"event":"message_created","id":9001,"message_type":"incoming"}',
  signature: "sha256=818c6a3fea433eeb0d383cf242a9a2cf6c8d57dffc193b340c6d86dbd930dd83",
};
const NOW_MS = Number(VECTOR.timestamp) * 1000 + 2_000;
const SKEW_MS = 300_000;
const DELIVERY = "4f7c1d2e-9a8b-4c3d-8e7f-123456789abc";

function input(overrides: Partial<VerifyInput> & { body?: string } = {}, headers: Headers = {}): VerifyInput {
  return {
    rawBody: Buffer.from(overrides.body ?? VECTOR.body),
    headers: {
      "x-chatwoot-signature": VECTOR.signature,
      "x-chatwoot-timestamp": VECTOR.timestamp,
      "x-chatwoot-delivery": DELIVERY,
      "content-type": "application/json",
      ...headers,
    },
    secret: VECTOR.secret,
    nowMs: NOW_MS,
    maxSkewMs: SKEW_MS,
    ...overrides,
  };
}

/** A delivery signed the way Chatwoot signs it (trigger.rb), for bodies other than the vector. */
function signed(body: string, timestamp = VECTOR.timestamp, extra: Headers = {}): VerifyInput {
  return input(
    { body },
    {
      "x-chatwoot-signature": chatwootSignature(VECTOR.secret, timestamp, body),
      "x-chatwoot-timestamp": timestamp,
      ...extra,
    },
  );
}

describe("chatwoot verify", () => {
  it("reproduces the documented test vector", () => {
    expect(chatwootSignature(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(chatwootSignature(VECTOR.secret, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(VECTOR.signature);
  });

  it("accepts a valid delivery and returns the delivery id, body and kept headers", () => {
    const outcome = verify(input({}, { "user-agent": "rest-client", "x-forwarded-for": "10.0.0.1", cookie: "a=b" }));
    expect(outcome).toEqual({
      ok: true,
      dedupeKey: DELIVERY,
      body: { event: "message_created", id: 9001, message_type: "incoming" },
      keptHeaders: {
        "x-chatwoot-delivery": DELIVERY,
        "x-chatwoot-timestamp": VECTOR.timestamp,
        "x-chatwoot-signature": VECTOR.signature,
        "content-type": "application/json",
        "user-agent": "rest-client",
      },
    });
  });

  it("reads header names case-insensitively", () => {
    const outcome = verify({
      ...input(),
      headers: { "X-Chatwoot-Signature": VECTOR.signature, "X-Chatwoot-Timestamp": VECTOR.timestamp },
    });
    expect(outcome.ok).toBe(true);
  });

  it("accepts upper-case hex in the signature", () => {
    const upper = `sha256=${VECTOR.signature.slice(7).toUpperCase()}`;
    expect(verify(input({}, { "x-chatwoot-signature": upper })).ok).toBe(true);
  });

  it("rejects a tampered body", () => {
    const tampered = VECTOR.body.replace("9001", "9002");
    expect(verify(input({ body: tampered }))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a signature made with another secret", () => {
    expect(verify(input({ secret: "another-secret" }))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("rejects a signature over the body alone (the usual integration mistake, issue #13809)", () => {
    const bodyOnly = `sha256=${createHmac("sha256", VECTOR.secret).update(VECTOR.body).digest("hex")}`;
    expect(verify(input({}, { "x-chatwoot-signature": bodyOnly }))).toMatchObject({ reason: "bad_signature" });
  });

  it("rejects a signature without the sha256= prefix", () => {
    expect(verify(input({}, { "x-chatwoot-signature": VECTOR.signature.slice(7) }))).toMatchObject({
      reason: "bad_signature",
    });
  });

  it("rejects a valid signature moved to another timestamp", () => {
    expect(verify(input({}, { "x-chatwoot-timestamp": "1781691324" }))).toMatchObject({ reason: "bad_signature" });
  });

  it("rejects missing signature or timestamp headers", () => {
    expect(verify(input({}, { "x-chatwoot-signature": undefined }))).toMatchObject({ reason: "missing_signature" });
    expect(verify(input({}, { "x-chatwoot-timestamp": undefined }))).toMatchObject({ reason: "missing_signature" });
    expect(verify(input({}, { "x-chatwoot-signature": "  " }))).toMatchObject({ reason: "missing_signature" });
  });

  it("refuses to verify with an empty secret", () => {
    expect(verify(input({ secret: "" }))).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("rejects timestamps outside the allowed skew, in both directions", () => {
    const ts = Number(VECTOR.timestamp) * 1000;
    expect(verify(input({ nowMs: ts + SKEW_MS + 1 }))).toMatchObject({ reason: "stale_timestamp" });
    expect(verify(input({ nowMs: ts - SKEW_MS - 1 }))).toMatchObject({ reason: "stale_timestamp" });
    expect(verify(input({ nowMs: ts + SKEW_MS })).ok).toBe(true);
    expect(verify(input({ nowMs: ts - SKEW_MS })).ok).toBe(true);
  });

  it("rejects a correctly signed but non-numeric timestamp", () => {
    expect(verify(signed(VECTOR.body, "2026-06-17T10:15:23Z"))).toMatchObject({ reason: "stale_timestamp" });
  });

  it("rejects an empty body before anything else", () => {
    expect(verify(input({ rawBody: Buffer.alloc(0) }))).toEqual({ ok: false, reason: "empty_body" });
  });

  it("rejects a signed body that is not JSON", () => {
    expect(verify(signed("event=message_created"))).toMatchObject({ ok: false, reason: "malformed_json" });
    expect(verify(signed('{"event":"message_created"'))).toMatchObject({ reason: "malformed_json" });
  });

  it("reports unsigned garbage as unauthenticated, not as malformed", () => {
    expect(verify(input({ body: "not json" }, { "x-chatwoot-signature": undefined }))).toMatchObject({
      reason: "missing_signature",
    });
  });

  it("rejects signed JSON that is not a webhook envelope", () => {
    for (const body of ["[]", "null", "42", '"x"', '{"id":1}', '{"event":""}', '{"event":7}']) {
      expect(verify(signed(body))).toMatchObject({ ok: false, reason: "invalid_envelope" });
    }
  });

  it("verifies the exact bytes Rails sends (escaped <, >, &)", () => {
    const body = '{"event":"message_created","id":1,"content":"a \\u003cb\\u003e \\u0026 c"}';
    const outcome = verify(signed(body));
    expect(outcome).toMatchObject({ ok: true, body: { content: "a <b> & c" } });
    // Re-serialising the parsed body changes the bytes and therefore cannot be what gets verified.
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
  });

  it("falls back to a body hash as dedupe key when X-Chatwoot-Delivery is absent", () => {
    const body = '{"event":"message_created","id":9001,"message_type":"incoming"}';
    const first = verify(signed(body, VECTOR.timestamp, { "x-chatwoot-delivery": undefined }));
    // A retry is re-signed with a new timestamp but carries the same body: it must dedupe to the same key.
    const retryTs = String(Number(VECTOR.timestamp) + 3);
    const retry = verify(signed(body, retryTs, { "x-chatwoot-delivery": undefined }));
    const other = verify(signed(body.replace("9001", "9003"), VECTOR.timestamp, { "x-chatwoot-delivery": undefined }));
    if (!first.ok || !retry.ok || !other.ok) throw new Error("expected all three to verify");
    expect(first.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(retry.dedupeKey).toBe(first.dedupeKey);
    expect(other.dedupeKey).not.toBe(first.dedupeKey);
    expect(first.keptHeaders).not.toHaveProperty("x-chatwoot-delivery");
  });

  it("never throws and never accepts a body it did not sign", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }),
        fc.option(fc.string()),
        fc.option(fc.string()),
        (bytes, sig, ts) => {
          const outcome = verify(
            input(
              { rawBody: Buffer.from(bytes) },
              { "x-chatwoot-signature": sig ?? undefined, "x-chatwoot-timestamp": ts ?? undefined },
            ),
          );
          expect(outcome.ok).toBe(false);
        },
      ),
    );
  });
});
