import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VerifyOutcome } from "../types.ts";
import { verify } from "./verify.ts";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/livechat");
const SECRET = "fixture-secret-key";
const NOW = 1_750_000_000_999;

type Json = Record<string, unknown>;
const fixtureText = (name: string): string => readFileSync(join(FIXTURES, `${name}.json`), "utf8");
const fixture = (name: string): Json => JSON.parse(fixtureText(name)) as Json;

function run(body: string | Buffer | Json, overrides: { secret?: string; nowMs?: number; headers?: Json } = {}) {
  const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  return verify({
    rawBody,
    headers: (overrides.headers ?? { "content-type": "application/json" }) as Record<string, string>,
    secret: overrides.secret ?? SECRET,
    nowMs: overrides.nowMs ?? NOW,
    maxSkewMs: 300_000,
  });
}

function accepted(outcome: VerifyOutcome): Extract<VerifyOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`rejected: ${outcome.reason} ${outcome.detail ?? ""}`);
  return outcome;
}

const keyOf = (body: string | Json, nowMs = NOW): string => accepted(run(body, { nowMs })).dedupeKey;

describe("livechat verify: valid deliveries", () => {
  const names = readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -5));

  it.each(names)("accepts fixture %s and strips the secret from the stored body", (name) => {
    const outcome = accepted(run(fixtureText(name)));
    const { secret_key: _secret, ...expected } = fixture(name);
    expect(outcome.body).toEqual(expected);
    expect(JSON.stringify(outcome.body)).not.toContain(SECRET);
  });

  it("needs no headers at all (the secret travels in the body) and keeps only harmless ones", () => {
    expect(accepted(run(fixtureText("chat_deactivated"), { headers: {} })).keptHeaders).toEqual({});
    const headers = {
      "content-type": "application/json",
      "user-agent": "Go-http-client/1.1",
      authorization: "Bearer should-not-be-kept",
      cookie: "a=b",
    };
    expect(accepted(run(fixtureText("chat_deactivated"), { headers })).keptHeaders).toEqual({
      "content-type": "application/json",
      "user-agent": "Go-http-client/1.1",
    });
  });

  it("accepts a body with a UTF-8 byte-order mark", () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(fixtureText("routing_status_set"))]);
    expect(run(bom).ok).toBe(true);
  });
});

describe("livechat verify: rejections", () => {
  it("rejects a wrong connection secret", () => {
    expect(run(fixtureText("incoming_chat"), { secret: "another-secret" })).toMatchObject({ reason: "bad_secret" });
  });

  it("rejects a tampered secret_key (same length, one character changed) and a prefix of it", () => {
    const body = fixture("incoming_event.message_from_customer");
    expect(run({ ...body, secret_key: "fixture-secret-kez" })).toMatchObject({ ok: false, reason: "bad_secret" });
    expect(run({ ...body, secret_key: "fixture-secret" })).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("rejects a missing, empty or non-string secret_key", () => {
    const { secret_key: _secret, ...body } = fixture("incoming_event.message_from_customer");
    expect(run(body)).toMatchObject({ ok: false, reason: "bad_secret" });
    expect(run({ ...body, secret_key: "" })).toMatchObject({ ok: false, reason: "bad_secret" });
    expect(run({ ...body, secret_key: 12345 })).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("never accepts anything when the connection has no secret configured", () => {
    const body = fixture("routing_status_set");
    expect(run({ ...body, secret_key: "" }, { secret: "" })).toMatchObject({ ok: false, reason: "bad_secret" });
    expect(run(body, { secret: "" })).toMatchObject({ ok: false, reason: "bad_secret" });
  });

  it("rejects empty, malformed and non-envelope bodies with the right reason", () => {
    expect(run("")).toMatchObject({ ok: false, reason: "empty_body" });
    expect(run("  \n")).toMatchObject({ ok: false, reason: "empty_body" });
    expect(run('{"action": "incoming_chat",')).toMatchObject({ ok: false, reason: "malformed_json" });
    expect(run(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toMatchObject({ ok: false, reason: "malformed_json" });
    for (const body of ["[]", "null", '"text"', "42", '{"secret_key":"fixture-secret-key"}']) {
      expect(run(body)).toMatchObject({ ok: false, reason: "invalid_envelope" });
    }
    expect(run({ secret_key: SECRET, action: "incoming_chat", payload: [] })).toMatchObject({
      ok: false,
      reason: "invalid_envelope",
    });
  });

  it("never throws and only accepts bodies carrying the exact secret", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const outcome = run(Buffer.from(bytes));
        expect(outcome.ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (sent, configured) => {
        const body = { secret_key: sent, action: "thread_tagged", payload: { tag: "x" } };
        expect(run(body, { secret: configured }).ok).toBe(sent === configured);
      }),
    );
  });
});

describe("livechat verify: dedupe keys", () => {
  it("keys events, chats and deactivations on their natural ids", () => {
    expect(keyOf(fixtureText("incoming_event.message_from_customer"))).toBe(
      "incoming_event:0affb00a-82d6-4e07-ae61-56ba5c36f743",
    );
    expect(keyOf(fixtureText("incoming_event.legacy-license-id"))).toBe("incoming_event:PZ070E0W1B_3");
    expect(keyOf(fixtureText("incoming_chat"))).toBe("incoming_chat:K600PKZON8");
    expect(keyOf(fixtureText("chat_deactivated"))).toBe("chat_deactivated:K600PKZON8");
  });

  it("scopes an event id of unknown shape by chat and thread, and hashes when there is none", () => {
    const body = fixture("incoming_event.message_from_agent");
    const payload = body.payload as { event: Json };
    expect(keyOf({ ...body, payload: { ...payload, event: { ...payload.event, id: "7" } } })).toBe(
      "incoming_event:PJ0MRSHTDG:K600PKZON8:7",
    );
    const { id: _id, ...noId } = payload.event;
    expect(keyOf({ ...body, payload: { ...payload, event: noId } })).toMatch(
      /^incoming_event:PJ0MRSHTDG:K600PKZON8:[0-9a-f]{64}:\d+$/,
    );
  });

  it("marks routing_status_set urgent (processed ahead of message traffic), chat events not", () => {
    expect(accepted(run(fixtureText("routing_status_set"))).urgent).toBe(true);
    expect(accepted(run(fixtureText("incoming_event.message_from_customer"))).urgent).toBe(false);
    expect(accepted(run(fixtureText("incoming_chat"))).urgent).toBe(false);
  });

  it("keys routing_status_set per arrival: the same status again a moment later is a new change", () => {
    const spaced = fixture("routing_status_set");
    const underscored = { ...spaced, payload: { agent_id: "agent1@example.com", status: "accepting_chats" } };
    const key = `routing_status_set:agent1@example.com:accepting_chats:${NOW}`;
    expect(keyOf(spaced)).toBe(key);
    // Both documented spellings of the status are one value.
    expect(keyOf(underscored)).toBe(key);
    // not accepting → accepting → not accepting within one second: the third is not the first one again.
    expect(keyOf(spaced, NOW + 1)).not.toBe(key);
    expect(keyOf(spaced, NOW + 999)).not.toBe(key);
  });

  it("keys other id-less actions per arrival too: a chat transferred back to an agent is a new transfer", () => {
    const key = keyOf(fixtureText("thread_tagged"));
    expect(key).toMatch(new RegExp(`^thread_tagged:[0-9a-f]{64}:${NOW}$`));
    const reordered = `{"action":"thread_tagged","secret_key":"${SECRET}","payload":{"tag":"bug_report","thread_id":"K600PKZON8","chat_id":"PJ0MRSHTDG"}}`;
    expect(keyOf(reordered)).toBe(key);
    const other = fixture("thread_tagged");
    expect(keyOf({ ...other, payload: { ...(other.payload as Json), tag: "sales" } })).not.toBe(key);
    const transfer = fixtureText("chat_transferred");
    expect(keyOf(transfer, NOW + 500)).not.toBe(keyOf(transfer));
  });
});
