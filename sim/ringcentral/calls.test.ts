import { describe, expect, it } from "vitest";
import {
  bodyOf,
  call,
  partyOf,
  presenceOf,
  type Received,
  startCall,
  statusCode,
  subscribedPerTest,
  telephonyOf,
} from "./test-support.ts";

const setup = subscribedPerTest();

describe("POST /_sim/calls — an inbound PSTN call answered by extension 101", () => {
  it("emits one changed party per event with increasing sequence: Setup → Proceeding → Answered", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "101", direction: "Inbound", from: "+14155550102" });
    await s.t.sim.webhooks.idle();
    const events = telephonyOf(s.receiver);
    const sequences = events.map((n) => Number(bodyOf(n).sequence));
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    for (const n of events) expect(bodyOf(n)).toMatchObject({ telephonySessionId: id, origin: { type: "Call" } });

    const agent = events.filter((n) => partyOf(n).extensionId === s.ids[0]);
    expect(agent.map(statusCode)).toEqual(["Setup", "Proceeding", "Answered"]);
    expect(partyOf(agent[0] as Received)).toMatchObject({
      direction: "Inbound",
      from: { phoneNumber: "+14155550102" },
      to: { extensionId: s.ids[0] },
      missedCall: false,
    });
    // The caller's PSTN party: technical direction Outbound, no extensionId, account-level event path.
    const caller = events.filter((n) => partyOf(n).extensionId === undefined);
    expect(caller.map(statusCode)).toEqual(["Setup", "Answered"]);
    expect(partyOf(caller[0] as Received).direction).toBe("Outbound");
    expect(caller[0]?.json.event).toBe(`/restapi/v1.0/account/${s.t.creds.accountId}/telephony/sessions`);
    expect(agent[0]?.json.event).toBe(
      `/restapi/v1.0/account/${s.t.creds.accountId}/extension/${s.ids[0]}/telephony/sessions`,
    );

    const presence = presenceOf(s.receiver, s.ids[0]).map((n) => bodyOf(n));
    expect(presence.map((b) => b.telephonyStatus)).toEqual(["Ringing", "CallConnected"]);
    expect(presence[1]).toMatchObject({ presenceStatus: "Busy", userStatus: "Available", totalActiveCalls: 1 });
    expect(presence[1]?.activeCalls).toMatchObject([
      { telephonySessionId: id, direction: "Inbound", from: "+14155550102" },
    ]);
  });

  it("holds, unholds and ends; presence goes back to NoCall and the call log appears after the lag", async () => {
    let now = Date.parse("2025-03-01T10:00:00Z");
    const s = await setup({ clock: () => now, callLogLagMs: 20_000 });
    const id = await startCall(s.t.base, { extensionId: "101", direction: "Inbound" });
    now += 30_000;
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/hold`)).status).toBe(200);
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/unhold`)).status).toBe(200);
    now += 15_000;
    expect((await call(s.t.base, "POST", `/_sim/calls/${id}/end`)).status).toBe(200);
    await s.t.sim.webhooks.idle();

    const agent = telephonyOf(s.receiver).filter((n) => partyOf(n).extensionId === s.ids[0]);
    expect(agent.map(statusCode)).toEqual(["Setup", "Proceeding", "Answered", "Hold", "Answered", "Disconnected"]);
    expect(telephonyOf(s.receiver).map(statusCode).at(-1)).toBe("Disconnected");
    const presence = presenceOf(s.receiver, s.ids[0]).map((n) => bodyOf(n));
    expect(presence.map((b) => b.telephonyStatus)).toEqual([
      "Ringing",
      "CallConnected",
      "OnHold",
      "CallConnected",
      "NoCall",
    ]);
    expect(presence.at(-1)).toMatchObject({ presenceStatus: "Available", totalActiveCalls: 0 });
    expect(presence.at(-1)?.activeCalls).toMatchObject([
      { telephonySessionId: id, telephonyStatus: "NoCall", terminationType: "final" },
    ]);
    const seq = presence.map((b) => Number(b.sequence));
    expect(seq).toEqual([...seq].sort((a, b) => a - b));

    const path = `/restapi/v1.0/account/~/extension/~/call-log?telephonySessionId=${id}`;
    expect((await call(s.t.base, "GET", path, { token: s.token })).json.records).toEqual([]);
    now += 20_001;
    const log = await call(s.t.base, "GET", path, { token: s.token });
    expect(log.json.records).toMatchObject([
      {
        telephonySessionId: id,
        type: "Voice",
        direction: "Inbound",
        result: "Accepted",
        duration: 45,
        to: { extensionNumber: "101" },
        recording: { type: "Automatic", id: expect.any(String), contentUri: expect.stringContaining("/content") },
      },
    ]);
    const records = log.json.records as { recording: { id: string; contentUri: string } }[];
    const recording = records[0]?.recording;
    const meta = await call(s.t.base, "GET", `/restapi/v1.0/account/~/recording/${recording?.id}`, { token: s.token });
    expect(meta.json).toMatchObject({ id: recording?.id, contentType: "audio/wav", duration: 45 });
    const audio = await fetch(recording?.contentUri ?? "", { headers: { authorization: `Bearer ${s.token}` } });
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    const bytes = Buffer.from(await audio.arrayBuffer());
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
    const viaQuery = await fetch(`${recording?.contentUri}?access_token=${s.token}`);
    expect(viaQuery.status).toBe(200);
    expect((await fetch(recording?.contentUri ?? "")).status).toBe(401);
  });

  it("flushes pending call-log records on demand and lists them company-wide in detailed view", async () => {
    const s = await setup();
    const id = await startCall(s.t.base, { extensionId: "101", direction: "Inbound" });
    await call(s.t.base, "POST", `/_sim/calls/${id}/end`);
    expect((await call(s.t.base, "GET", "/restapi/v1.0/account/~/call-log", { token: s.token })).json.records).toEqual(
      [],
    );
    expect((await call(s.t.base, "POST", "/_sim/call-log/flush")).json).toEqual({ flushed: 1 });
    const log = await call(s.t.base, "GET", "/restapi/v1.0/account/~/call-log?view=Detailed", { token: s.token });
    expect(log.json.records).toMatchObject([
      { telephonySessionId: id, legs: [{ legType: "PstnToSip", master: true }] },
    ]);
    const bad = await call(s.t.base, "GET", "/restapi/v1.0/account/~/call-log?view=Everything", { token: s.token });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ errors: [{ errorCode: "CMN-101", parameterName: "view" }] });
  });
});
