import { describe, expect, it } from "vitest";
import { bodyOf, call, errorCodeOf, partyOf, receiverPerTest } from "./test-support.ts";

const { setup, subscribe } = receiverPerTest();

describe("subscription lifecycle", () => {
  it("lists, reads, updates, renews and deletes", async () => {
    const s = await setup();
    const id = String((await subscribe(s)).json.id);
    const list = await call(s.t.base, "GET", "/restapi/v1.0/subscription", { token: s.token });
    expect(list.json).toMatchObject({ uri: `${s.t.base}/restapi/v1.0/subscription`, records: [{ id }] });
    const one = await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token });
    expect(one.json.id).toBe(id);
    const updated = await call(s.t.base, "PUT", `/restapi/v1.0/subscription/${id}`, {
      token: s.token,
      body: { eventFilters: ["/team-messaging/v1/posts"], expiresIn: 3600 },
    });
    expect(updated.json).toMatchObject({ eventFilters: ["/team-messaging/v1/posts"], status: "Active" });
    expect(Number(updated.json.expiresIn)).toBeLessThanOrEqual(3600);
    const renewedEmpty = await call(s.t.base, "PUT", `/restapi/v1.0/subscription/${id}`, { token: s.token });
    expect(renewedEmpty.status).toBe(200);
    const renewed = await call(s.t.base, "POST", `/restapi/v1.0/subscription/${id}/renew`, {
      token: s.token,
      headers: { "content-type": "application/json" },
    });
    expect(renewed.status).toBe(200);
    expect(Number(renewed.json.expiresIn)).toBeGreaterThan(3500);
    expect((await call(s.t.base, "DELETE", `/restapi/v1.0/subscription/${id}`, { token: s.token })).status).toBe(204);
    const gone = await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token });
    expect(gone.status).toBe(404);
    expect(errorCodeOf(gone)).toBe("CMN-102");
  });

  it("expires: no deliveries and 404 afterwards", async () => {
    let now = Date.parse("2025-03-01T10:00:00Z");
    const s = await setup({ clock: () => now });
    const id = String((await subscribe(s, { expiresIn: 60 })).json.id);
    now += 61_000;
    await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "101", direction: "Inbound" } });
    await s.t.sim.webhooks.idle();
    expect(s.receiver.notifications).toHaveLength(0);
    expect((await call(s.t.base, "POST", `/restapi/v1.0/subscription/${id}/renew`, { token: s.token })).status).toBe(
      404,
    );
  });

  it("blacklists after repeated failed deliveries and stops delivering", async () => {
    const s = await setup(
      { blacklistAfterFailures: 2, webhooks: { maxAttempts: 1, retryDelayMs: 0 } },
      { notifications: "fail" },
    );
    const id = String((await subscribe(s, { eventFilters: ["/restapi/v1.0/account/~/extension/~/presence"] })).json.id);
    for (const userStatus of ["Busy", "Available"]) {
      await call(s.t.base, "POST", "/_sim/extensions/101/presence", { body: { userStatus } });
    }
    await s.t.sim.webhooks.idle();
    const sub = await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token });
    expect(sub.json.status).toBe("Blacklisted");
    expect(sub.json.blacklistedData).toMatchObject({ blacklistedAt: expect.any(String), reason: expect.any(String) });
    const before = s.receiver.notifications.length;
    await call(s.t.base, "POST", "/_sim/extensions/101/presence", { body: { userStatus: "Busy" } });
    await s.t.sim.webhooks.idle();
    expect(s.receiver.notifications.length).toBe(before);
    // Renewal does not revive a blacklisted subscription (the docs say: delete and recreate).
    const renewed = await call(s.t.base, "POST", `/restapi/v1.0/subscription/${id}/renew`, { token: s.token });
    expect(renewed.json.status).toBe("Blacklisted");
  });

  it("does not count platform-side drops (fault injection) towards blacklisting", async () => {
    const s = await setup({ blacklistAfterFailures: 1 });
    const id = String((await subscribe(s, { eventFilters: ["/restapi/v1.0/account/~/extension/~/presence"] })).json.id);
    await call(s.t.base, "POST", "/_sim/faults", { body: { webhooks: [{ kind: "drop", count: 1 }] } });
    await call(s.t.base, "POST", "/_sim/extensions/101/presence", { body: { userStatus: "Busy" } });
    await s.t.sim.webhooks.idle();
    expect(s.receiver.notifications).toHaveLength(0);
    const sub = await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token });
    expect(sub.json.status).toBe("Active");
  });

  it("lets /_sim blacklist, suspend and expire a subscription; renew revives a suspended one", async () => {
    const s = await setup();
    const id = String((await subscribe(s)).json.id);
    await call(s.t.base, "POST", `/_sim/subscriptions/${id}/suspend`);
    expect((await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token })).json.status).toBe(
      "Suspended",
    );
    const renewed = await call(s.t.base, "POST", `/restapi/v1.0/subscription/${id}/renew`, { token: s.token });
    expect(renewed.json.status).toBe("Active");
    await call(s.t.base, "POST", `/_sim/subscriptions/${id}/blacklist`);
    expect((await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token })).json.status).toBe(
      "Blacklisted",
    );
    await call(s.t.base, "POST", `/_sim/subscriptions/${id}/expire`);
    expect((await call(s.t.base, "GET", `/restapi/v1.0/subscription/${id}`, { token: s.token })).status).toBe(404);
  });

  it("sends renewal reminders for a subscription/~ filter inside the threshold", async () => {
    const s = await setup({ reminderCheckMs: 20 });
    const created = await subscribe(s, {
      eventFilters: ["/restapi/v1.0/subscription/~?threshold=120&interval=60"],
      expiresIn: 100,
    });
    while (s.receiver.notifications.length === 0) await new Promise((r) => setTimeout(r, 20));
    const reminder = s.receiver.notifications[0];
    expect(reminder?.json).toMatchObject({
      event: "/restapi/v1.0/subscription/~?threshold=120&interval=60",
      subscriptionId: created.json.id,
    });
    expect(reminder && bodyOf(reminder).id).toBe(created.json.id);
  });

  it("honours telephony filter options (direction)", async () => {
    const s = await setup();
    await subscribe(s, { eventFilters: ["/restapi/v1.0/account/~/extension/~/telephony/sessions?direction=Inbound"] });
    await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "101", direction: "Outbound" } });
    await call(s.t.base, "POST", "/_sim/calls", {
      body: { extensionId: "101", direction: "Inbound", from: "+14155550103" },
    });
    await s.t.sim.webhooks.idle();
    expect(s.receiver.notifications.length).toBeGreaterThan(0);
    for (const n of s.receiver.notifications) expect(partyOf(n).direction).toBe("Inbound");
  });
});
