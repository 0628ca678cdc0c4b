import { describe, expect, it } from "vitest";
import { call, errorCodeOf, receiverPerTest, statusCode } from "./test-support.ts";

const _TELEPHONY = "/restapi/v1.0/account/~/telephony/sessions";

const { setup, subscribe } = receiverPerTest();

describe("POST /restapi/v1.0/subscription", () => {
  it("validates the address with the handshake, then delivers telephony notifications carrying Verification-Token", async () => {
    const s = await setup();
    const created = await subscribe(s);
    expect(created.status).toBe(200);
    // The handshake happened before the subscription existed: POST, empty body, Validation-Token.
    expect(s.receiver.handshakes).toHaveLength(1);
    expect(s.receiver.handshakes[0]?.body).toBe("");
    expect(typeof s.receiver.handshakes[0]?.headers["validation-token"]).toBe("string");
    expect(created.json).toMatchObject({
      id: expect.any(String),
      status: "Active",
      eventFilters: [
        `/restapi/v1.0/account/${s.t.creds.accountId}/telephony/sessions`,
        `/restapi/v1.0/account/${s.t.creds.accountId}/extension/${s.t.creds.users[0]?.extensionId}/presence?detailedTelephonyState=true`,
      ],
      deliveryMode: { transportType: "WebHook", encryption: false, address: s.receiver.url },
    });
    expect(JSON.stringify(created.body)).not.toContain("shared-secret-1");
    expect(Number(created.json.expiresIn)).toBeGreaterThan(604_700);

    await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "101", direction: "Inbound" } });
    await s.t.sim.webhooks.idle();
    const telephony = s.receiver.notifications.filter((n) => String(n.json.event).endsWith("/telephony/sessions"));
    expect(telephony.length).toBeGreaterThanOrEqual(5);
    for (const n of telephony) {
      expect(n.headers["verification-token"]).toBe("shared-secret-1");
      expect(n.headers["content-type"]).toContain("application/json");
      expect(n.headers["validation-token"]).toBeUndefined();
      expect(n.json).toMatchObject({ subscriptionId: created.json.id, ownerId: s.t.creds.users[0]?.extensionId });
      expect(typeof n.json.uuid).toBe("string");
      expect(typeof n.json.timestamp).toBe("string");
    }
    expect(telephony.map(statusCode)).toContain("Answered");
  });

  it("sends no Verification-Token when none was set", async () => {
    const s = await setup();
    await subscribe(s, { deliveryMode: { transportType: "WebHook", address: s.receiver.url } });
    await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "101", direction: "Outbound" } });
    await s.t.sim.webhooks.idle();
    expect(s.receiver.notifications.length).toBeGreaterThan(0);
    expect(s.receiver.notifications.every((n) => n.headers["verification-token"] === undefined)).toBe(true);
  });

  it.each([
    ["does not echo the token", { handshake: "no-echo" as const }, {}],
    ["answers 500", { handshake: "fail" as const }, {}],
    ["answers too late", { handshake: "slow" as const, slowMs: 400 }, { handshakeTimeoutMs: 100 }],
  ])("fails with SUB-525 when the receiver %s, and creates nothing", async (_name, mode, options) => {
    const s = await setup(options, mode);
    const res = await subscribe(s);
    expect(res.status).toBe(400);
    expect(errorCodeOf(res)).toBe("SUB-525");
    expect(res.json.message).toBe("WebHook server response is invalid");
    const list = await call(s.t.base, "GET", "/restapi/v1.0/subscription", { token: s.token });
    expect(list.json.records).toEqual([]);
  });

  it("reports an unreachable address as an invalid deliveryMode.address", async () => {
    const s = await setup();
    await s.receiver.close();
    const res = await subscribe(s);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ errors: [{ errorCode: "CMN-101", parameterName: "deliveryMode.address" }] });
  });

  it("validates filters, transport, address and the per-user limit", async () => {
    const s = await setup({ subscriptionLimit: 1 });
    const bad = await subscribe(s, { eventFilters: ["/restapi/v1.0/account/~/nonsense"] });
    expect(bad.status).toBe(400);
    expect(errorCodeOf(bad)).toBe("SUB-508");
    const foreign = await subscribe(s, { eventFilters: ["/restapi/v1.0/account/999/telephony/sessions"] });
    expect(foreign.status).toBe(403);
    expect(errorCodeOf(foreign)).toBe("SUB-406");
    const missing = await call(s.t.base, "POST", "/restapi/v1.0/subscription", {
      token: s.token,
      body: { deliveryMode: { transportType: "WebHook", address: s.receiver.url } },
    });
    expect(errorCodeOf(missing)).toBe("CMN-100");
    const pubnub = await subscribe(s, { deliveryMode: { transportType: "PubNub" } });
    expect(pubnub.json).toMatchObject({
      errors: [{ errorCode: "CMN-101", parameterName: "deliveryMode.transportType" }],
    });
    const relative = await subscribe(s, { deliveryMode: { transportType: "WebHook", address: "/hook" } });
    expect(relative.status).toBe(400);
    const lowercase = await subscribe(s, { deliveryMode: { transportType: "Webhook", address: s.receiver.url } });
    expect(lowercase.status).toBe(200);
    const overLimit = await subscribe(s);
    expect(overLimit.status).toBe(403);
    expect(errorCodeOf(overLimit)).toBe("SUB-505");
    expect(s.receiver.handshakes).toHaveLength(1);
  });

  it("accepts every documented filter form it knows, including team messaging and reminders", async () => {
    const s = await setup();
    const res = await subscribe(s, {
      eventFilters: [
        "/restapi/v1.0/account/~/extension/~/telephony/sessions?direction=Inbound",
        `/restapi/v1.0/account/${s.t.creds.accountId}/extension/${s.t.creds.users[1]?.extensionId}/presence`,
        "/restapi/v1.0/account/~/extension/~/presence/dnd",
        "/restapi/v1.0/account/~/presence",
        "/team-messaging/v1/posts",
        "/restapi/v1.0/glip/posts",
        "/restapi/v1.0/account/~/extension/~/message-store",
        "/restapi/v1.0/subscription/~?threshold=60&interval=15",
      ],
    });
    expect(res.status).toBe(200);
  });
});
