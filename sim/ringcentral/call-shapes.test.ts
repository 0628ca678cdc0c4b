import { describe, expect, it } from "vitest";
import { extensionIdFor } from "./state.ts";
import {
  bodyOf,
  call,
  errorCodeOf,
  partyOf,
  presenceOf,
  type Received,
  startCall,
  statusCode,
  subscribedPerTest,
  telephonyOf,
} from "./test-support.ts";

const setup = subscribedPerTest();

describe("other call shapes", () => {
  it("outbound to PSTN: agent party Outbound first, the PSTN party starts at Proceeding", async () => {
    const s = await setup();
    await startCall(s.t.base, { extensionId: s.ids[0], direction: "Outbound", to: "+14155550104" });
    await s.t.sim.webhooks.idle();
    const events = telephonyOf(s.receiver);
    expect(events.map((n) => [partyOf(n).extensionId ?? "pstn", statusCode(n)])).toEqual([
      [s.ids[0], "Setup"],
      ["pstn", "Proceeding"],
      [s.ids[0], "Proceeding"],
      ["pstn", "Answered"],
      [s.ids[0], "Answered"],
    ]);
    expect(partyOf(events[0] as Received)).toMatchObject({
      direction: "Outbound",
      to: { phoneNumber: "+14155550104" },
    });
    expect(partyOf(events[1] as Received).direction).toBe("Inbound");
  });

  it("extension to extension: both parties carry extension ids and both presences change", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "102", direction: "Inbound", from: "101" });
    await s.t.sim.webhooks.idle();
    const parties = telephonyOf(s.receiver).map(partyOf);
    expect(new Set(parties.map((p) => p.extensionId))).toEqual(new Set([s.ids[0], s.ids[1]]));
    expect(presenceOf(s.receiver, s.ids[0]).map((n) => bodyOf(n).telephonyStatus)).toEqual(["CallConnected"]);
    expect(presenceOf(s.receiver, s.ids[1]).map((n) => bodyOf(n).telephonyStatus)).toEqual([
      "Ringing",
      "CallConnected",
    ]);
    await call(s.t.base, "POST", `/_sim/calls/${id}/end`);
    await call(s.t.base, "POST", "/_sim/call-log/flush");
    const ext102 = await call(s.t.base, "GET", `/restapi/v1.0/account/~/extension/${s.ids[1]}/call-log`, {
      token: s.token,
    });
    expect(ext102.json.records).toMatchObject([{ direction: "Inbound", from: { extensionNumber: "101" } }]);
    const ext101 = await call(s.t.base, "GET", "/restapi/v1.0/account/~/extension/~/call-log", { token: s.token });
    expect(ext101.json.records).toMatchObject([{ direction: "Outbound", to: { extensionNumber: "102" } }]);
  });

  it("a call that is never answered is missed, with no recording", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "101", direction: "Inbound", answer: false });
    const ext = await call(s.t.base, "GET", "/_sim/extensions");
    expect(ext.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          extensionNumber: "101",
          presence: expect.objectContaining({ telephonyStatus: "Ringing" }),
        }),
      ]),
    );
    await call(s.t.base, "POST", `/_sim/calls/${id}/end`, { body: { by: "remote" } });
    await s.t.sim.webhooks.idle();
    const last = telephonyOf(s.receiver)
      .filter((n) => partyOf(n).extensionId === s.ids[0])
      .at(-1);
    expect(last && partyOf(last)).toMatchObject({ status: { code: "Disconnected" }, missedCall: true });
    await call(s.t.base, "POST", "/_sim/call-log/flush");
    const log = await call(s.t.base, "GET", "/restapi/v1.0/account/~/extension/~/call-log", { token: s.token });
    expect(log.json.records).toMatchObject([{ result: "Missed" }]);
    expect((log.json.records as Record<string, unknown>[])[0]?.recording).toBeUndefined();
  });

  it("answer later, and refuses impossible transitions with 409", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "104", direction: "Inbound", answer: false });
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/hold`)).status).toBe(409);
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/answer`)).status).toBe(200);
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/answer`)).status).toBe(409);
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/end`)).status).toBe(200);
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/end`)).status).toBe(409);
    expect((await call(s.t.base, "POST", "/_sim/calls/s-unknown/end")).status).toBe(404);
  });

  it("accepts extension id, extension number or direct number, and rejects unknown ones", async () => {
    const s = await setup();
    for (const ref of [s.ids[2], "103", "+16505551003"]) {
      const res = await call(s.t.base, "POST", "/_sim/calls", {
        body: { extensionId: ref, direction: "inbound", answer: false },
      });
      expect(res.status).toBe(200);
    }
    const bad = await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "999", direction: "Inbound" } });
    expect(bad.status).toBe(400);
    const noDirection = await call(s.t.base, "POST", "/_sim/calls", { body: { extensionId: "101" } });
    expect(noDirection.status).toBe(400);
  });
});

describe("call control and active calls over REST", () => {
  it("reads the live session, holds a party, lists active calls, and hangs up with DELETE", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "101", direction: "Inbound" });
    const session = await call(s.t.base, "GET", `/restapi/v1.0/account/~/telephony/sessions/${id}`, { token: s.token });
    expect(session.json).toMatchObject({ id, origin: { type: "Call" } });
    const parties = session.json.parties as { id: string; extensionId?: string }[];
    const mine = parties.find((p) => p.extensionId === s.ids[0]);
    const held = await call(
      s.t.base,
      "POST",
      `/restapi/v1.0/account/~/telephony/sessions/${id}/parties/${mine?.id}/hold`,
      {
        token: s.token,
      },
    );
    expect(held.json).toMatchObject({ id: mine?.id, status: { code: "Hold" }, owner: { extensionId: s.ids[0] } });
    const active = await call(s.t.base, "GET", "/restapi/v1.0/account/~/extension/~/active-calls", { token: s.token });
    expect(active.json.records).toMatchObject([{ telephonySessionId: id, result: "In Progress" }]);
    const hangUp = await call(s.t.base, "DELETE", `/restapi/v1.0/account/~/telephony/sessions/${id}`, {
      token: s.token,
    });
    expect(hangUp.status).toBe(204);
    const gone = await call(s.t.base, "GET", `/restapi/v1.0/account/~/telephony/sessions/${id}`, { token: s.token });
    expect(gone.status).toBe(404);
    expect(errorCodeOf(gone)).toBe("CMN-102");
    await s.t.sim.webhooks.idle();
    expect(statusCode(telephonyOf(s.receiver).at(-1) as Received)).toBe("Disconnected");
    expect(
      presenceOf(s.receiver, s.ids[0])
        .map((n) => bodyOf(n).telephonyStatus)
        .at(-1),
    ).toBe("NoCall");
  });
});

describe("presence set by the person", () => {
  it("POST /_sim/extensions/:id/presence changes state and notifies (DND filter too)", async () => {
    const ext105 = extensionIdFor("105");
    const sub = await setup({}, [
      `/restapi/v1.0/account/~/extension/${ext105}/presence`,
      `/restapi/v1.0/account/~/extension/${ext105}/presence/dnd`,
    ]);
    const res = await call(sub.t.base, "POST", "/_sim/extensions/105/presence", {
      body: { userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" },
    });
    expect(res.status).toBe(200);
    await sub.t.sim.webhooks.idle();
    expect(sub.receiver.notifications).toHaveLength(1);
    expect(bodyOf(sub.receiver.notifications[0] as Received)).toMatchObject({
      extensionId: ext105,
      userStatus: "Busy",
      dndStatus: "DoNotAcceptAnyCalls",
      presenceStatus: "Busy",
      telephonyStatus: "NoCall",
    });
    expect(sub.receiver.notifications[0]?.json.event).toBe(`/restapi/v1.0/account/~/extension/${ext105}/presence`);
    const get = await call(sub.t.base, "GET", `/restapi/v1.0/account/~/extension/${ext105}/presence`, {
      token: sub.token,
    });
    expect(get.json).toMatchObject({ userStatus: "Busy", dndStatus: "DoNotAcceptAnyCalls" });
    const bad = await call(sub.t.base, "POST", "/_sim/extensions/105/presence", { body: { userStatus: "Sleeping" } });
    expect(bad.status).toBe(400);
  });
});
