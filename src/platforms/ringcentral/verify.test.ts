import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Headers, VerifyInput } from "../types.ts";
import { ringcentralPlatform } from "./index.ts";
import { handshake, verify } from "./verify.ts";

const SECRET = "s3cr3t-verification-token";
const raw = readFileSync(
  new URL("../../../test/fixtures/ringcentral/telephony-sessions.webhook.setup.json", import.meta.url),
);

/** Headers as RingCentral sends them on a notification (platforms/ringcentral.md §1.3), lower-cased. */
const deliveryHeaders = (token: string | null = SECRET): Headers => ({
  "content-type": "application/json; charset=UTF-8",
  "user-agent": "RingCentral-Webhook/8.3",
  accept: "application/json",
  "accept-encoding": "UTF-8",
  "content-length": String(raw.length),
  ...(token === null ? {} : { "verification-token": token }),
});

const input = (over: Partial<VerifyInput> = {}): VerifyInput => ({
  rawBody: raw,
  headers: deliveryHeaders(),
  secret: SECRET,
  nowMs: Date.parse("2020-06-14T19:27:19.000Z"),
  maxSkewMs: 300_000,
  ...over,
});

describe("verify", () => {
  it("accepts a notification whose Verification-Token equals the secret", () => {
    const outcome = verify(input());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.dedupeKey).toBe("1823485288313944239");
    expect(outcome.body).toEqual(JSON.parse(raw.toString("utf8")));
  });

  it("marks telephony and presence notifications urgent (processed ahead of message traffic), others not", () => {
    expect(verify(input())).toMatchObject({ ok: true, urgent: true });
    const other = JSON.stringify({ ...JSON.parse(raw.toString("utf8")), event: "/restapi/v1.0/glip/posts" });
    expect(verify(input({ rawBody: Buffer.from(other) }))).toMatchObject({ ok: true, urgent: false });
  });

  it("keeps useful headers but never the token", () => {
    const outcome = verify(input());
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.keptHeaders).toMatchObject({ "user-agent": "RingCentral-Webhook/8.3" });
    expect(outcome.keptHeaders["verification-token"]).toBeUndefined();
    expect(JSON.stringify(outcome.keptHeaders)).not.toContain(SECRET);
  });

  it("rejects a wrong token as bad_secret", () => {
    expect(verify(input({ headers: deliveryHeaders("not-the-secret") }))).toMatchObject({
      ok: false,
      reason: "bad_secret",
    });
  });

  it("rejects a token that only shares a prefix with the secret", () => {
    const prefix = SECRET.slice(0, -1);
    expect(verify(input({ headers: deliveryHeaders(prefix) }))).toMatchObject({ ok: false, reason: "bad_secret" });
    expect(verify(input({ headers: deliveryHeaders(`${SECRET}x`) }))).toMatchObject({
      ok: false,
      reason: "bad_secret",
    });
  });

  it("rejects when the connection secret differs (wrong secret)", () => {
    expect(verify(input({ secret: "another-connection" }))).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("fails closed when the connection has an empty secret", () => {
    expect(verify(input({ secret: "", headers: deliveryHeaders("x") }))).toMatchObject({
      ok: false,
      reason: "bad_secret",
    });
  });

  it("rejects a missing or empty token header as missing_signature", () => {
    expect(verify(input({ headers: deliveryHeaders(null) }))).toMatchObject({
      ok: false,
      reason: "missing_signature",
    });
    expect(verify(input({ headers: deliveryHeaders("") }))).toMatchObject({ ok: false, reason: "missing_signature" });
  });

  it("accepts a Validation-Token equal to the secret (docs CONFLICT fallback) and does not keep it", () => {
    const headers = { ...deliveryHeaders(null), "validation-token": SECRET };
    const outcome = verify(input({ headers }));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.keptHeaders["validation-token"]).toBeUndefined();
  });

  it("rejects a Validation-Token that is not the secret", () => {
    const headers = { ...deliveryHeaders(null), "validation-token": "random-handshake-value" };
    expect(verify(input({ headers }))).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("accepts a tampered body: RingCentral does not sign bodies, only the shared token authenticates", () => {
    const tampered = Buffer.from(raw.toString("utf8").replace("+14083388064", "+19999999999"));
    const outcome = verify(input({ rawBody: tampered }));
    expect(outcome.ok).toBe(true);
  });

  it("rejects a tampered body sent without the token", () => {
    const tampered = Buffer.from(raw.toString("utf8").replace("Setup", "Answered"));
    expect(verify(input({ rawBody: tampered, headers: deliveryHeaders("guess") }))).toMatchObject({
      ok: false,
      reason: "bad_secret",
    });
  });

  it("is independent of the clock: replays are caught by the uuid dedupe key, not by time", () => {
    const late = verify(input({ nowMs: Date.parse("2031-01-01T00:00:00Z") }));
    expect(late).toMatchObject({ ok: true, dedupeKey: "1823485288313944239" });
  });

  it.each([
    ["empty", "", "empty_body"],
    ["whitespace", "  \n", "empty_body"],
    ["not JSON", "{uuid:", "malformed_json"],
    ["a JSON array", "[]", "invalid_envelope"],
    ["a JSON string", '"hello"', "invalid_envelope"],
    ["null", "null", "invalid_envelope"],
    ["no uuid", '{"event":"/restapi/v1.0/account/~/telephony/sessions","body":{}}', "invalid_envelope"],
    ["a numeric uuid", '{"uuid":12,"event":"/x","body":{}}', "invalid_envelope"],
    ["an empty uuid", '{"uuid":" ","event":"/x","body":{}}', "invalid_envelope"],
    ["no event", '{"uuid":"1","body":{}}', "invalid_envelope"],
  ])("rejects a body that is %s", (_label, text, reason) => {
    expect(verify(input({ rawBody: Buffer.from(text) }))).toMatchObject({ ok: false, reason });
  });

  it("checks the token before reading the body", () => {
    expect(verify(input({ rawBody: Buffer.from("{"), headers: deliveryHeaders("wrong") }))).toMatchObject({
      ok: false,
      reason: "bad_secret",
    });
  });
});

describe("handshake", () => {
  it("echoes Validation-Token with a JSON content type on the empty subscribe-time request", () => {
    expect(handshake({ "validation-token": "wtdwi2y88489yr34", "content-length": "0" })).toEqual({
      "validation-token": "wtdwi2y88489yr34",
      "content-type": "application/json",
    });
    expect(handshake({ "validation-token": "abc" })).toEqual({
      "validation-token": "abc",
      "content-type": "application/json",
    });
  });

  it("echoes even when a Verification-Token is present too (outgoing-webhook form)", () => {
    expect(handshake({ "validation-token": "abc", "verification-token": SECRET })).toMatchObject({
      "validation-token": "abc",
    });
  });

  it("is not a handshake without the header", () => {
    expect(handshake(deliveryHeaders())).toBeNull();
    expect(handshake({ "validation-token": "" })).toBeNull();
  });

  it("leaves a notification that carries Validation-Token and a body to verify()", () => {
    expect(handshake({ ...deliveryHeaders(null), "validation-token": SECRET })).toBeNull();
    expect(handshake({ "validation-token": SECRET, "transfer-encoding": "chunked" })).toBeNull();
  });

  it("is wired into the platform object", () => {
    expect(ringcentralPlatform.id).toBe("ringcentral");
    expect(ringcentralPlatform.secretIssuedBy).toBe("switchboard");
    expect(ringcentralPlatform.handshake).toBe(handshake);
    expect(ringcentralPlatform.verify(input()).ok).toBe(true);
  });
});

describe("verify properties", () => {
  it("accepts exactly the secret: any other non-empty token is bad_secret", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (token) => {
        const outcome = verify(input({ headers: deliveryHeaders(token) }));
        expect(outcome.ok).toBe(token === SECRET);
        if (!outcome.ok) expect(outcome.reason).toBe("bad_secret");
      }),
    );
  });

  it("uses the envelope uuid, whatever it is, as the dedupe key", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""),
        (uuid) => {
          const body = Buffer.from(JSON.stringify({ uuid, event: "/restapi/v1.0/account/~/telephony/sessions" }));
          expect(verify(input({ rawBody: body }))).toMatchObject({ ok: true, dedupeKey: uuid });
        },
      ),
    );
  });
});
