import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DomainEvent, MapOutcome } from "../../domain/events.ts";
import { map } from "./map.ts";

const FIXTURES = new URL("../../../test/fixtures/ringcentral/", import.meta.url);
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"));
const meta = { receivedAt: "2030-01-01T00:00:00.000Z", headers: {} };

function outcome(body: unknown): MapOutcome {
  const result = map(body, meta);
  if (!result.ok) throw new Error(`map failed: ${result.error.message} ${JSON.stringify(result.error.issues)}`);
  return result.value;
}

function event(body: unknown): DomainEvent {
  const mapped = outcome(body);
  if (mapped.kind !== "event") throw new Error(`expected an event, got ignored: ${mapped.reason}`);
  return mapped.event;
}

function sequence(name: string): unknown[] {
  const data = fixture(name);
  if (!Array.isArray(data)) throw new Error(`${name} is not an array`);
  return data;
}

describe("every fixture", () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
  it.each(files)("%s parses and maps", (file) => {
    const data = fixture(file);
    for (const body of Array.isArray(data) ? data : [data]) {
      expect(map(body, meta).ok).toBe(true);
    }
  });
});

type Row = [seq: number, party: string, extensionId: string | undefined, direction: string, status: string];

/** Expected per notification, in delivery order, read off the captured sequences by hand. */
const SEQUENCES: Record<string, { sessionId: string; telephonySessionId: string; rows: Row[] }> = {
  "telephony-sessions.sequence.pstn-inbound-via-ivr.json": {
    sessionId: "429180487016",
    telephonySessionId: "s-718107795d564867a6f635fd81e89940",
    rows: [
      [2, "1", undefined, "Outbound", "Setup"],
      [3, "2", "62242421016", "Inbound", "Setup"],
      [4, "1", undefined, "Outbound", "Answered"],
      [5, "2", "62242421016", "Inbound", "Disconnected"],
      [6, "3", "809646016", "Inbound", "Setup"],
      [7, "3", "809646016", "Inbound", "Proceeding"],
      [8, "3", "809646016", "Inbound", "Answered"],
      [9, "3", "809646016", "Inbound", "Hold"],
      [10, "3", "809646016", "Inbound", "Answered"],
      [11, "3", "809646016", "Inbound", "Disconnected"],
      [12, "1", undefined, "Outbound", "Disconnected"],
    ],
  },
  "telephony-sessions.sequence.outbound-to-pstn.json": {
    sessionId: "429182699016",
    telephonySessionId: "s-c23b203d62db4f6aaee00717bafa99be",
    rows: [
      [2, "1", "809646016", "Outbound", "Setup"],
      [3, "2", undefined, "Inbound", "Proceeding"],
      [4, "1", "809646016", "Outbound", "Proceeding"],
      [5, "2", undefined, "Inbound", "Answered"],
      [6, "1", "809646016", "Outbound", "Answered"],
      [7, "1", "809646016", "Outbound", "Hold"],
      [8, "1", "809646016", "Outbound", "Answered"],
      [9, "1", "809646016", "Outbound", "Disconnected"],
      [10, "2", undefined, "Inbound", "Disconnected"],
    ],
  },
  "telephony-sessions.sequence.extension-to-extension.json": {
    sessionId: "429182360016",
    telephonySessionId: "s-f9badb80011344259059d6894a30ace2",
    rows: [
      [2, "1", "979428016", "Outbound", "Setup"],
      [3, "2", "809646016", "Inbound", "Setup"],
      [4, "1", "979428016", "Outbound", "Answered"],
      [5, "2", "809646016", "Inbound", "Proceeding"],
      [6, "2", "809646016", "Inbound", "Answered"],
      [7, "1", "979428016", "Outbound", "Hold"],
      [8, "1", "979428016", "Outbound", "Answered"],
      [9, "1", "979428016", "Outbound", "Disconnected"],
      [10, "2", "809646016", "Inbound", "Disconnected"],
    ],
  },
};

describe.each(Object.entries(SEQUENCES))("captured call %s", (file, expected) => {
  const notifications = sequence(file);

  it("has one expectation per notification", () => {
    expect(notifications).toHaveLength(expected.rows.length);
  });

  it("maps every notification, in order, to call.updated for the changed party", () => {
    const partyPrefix = expected.telephonySessionId.replace(/^s-/, "p-");
    notifications.forEach((body, i) => {
      const row = expected.rows[i];
      if (!row) throw new Error(`no expectation for notification ${i}`);
      const [seq, party, extensionId, direction, status] = row;
      const e = event(body);
      if (e.type !== "call.updated") throw new Error(`notification ${i}: ${e.type}`);
      expect(e.platform).toBe("ringcentral");
      expect(e.telephonySessionId).toBe(expected.telephonySessionId);
      expect(e.sessionId).toBe(expected.sessionId);
      expect(e.sequence).toBe(seq);
      expect(e.partyId).toBe(`${partyPrefix}-${party}`);
      expect(e.extensionId).toBe(extensionId);
      expect(e.direction).toBe(direction);
      expect(e.status).toBe(status);
      expect(e.accountId).toBe("809646016");
      expect(e.missedCall).toBe(false);
      expect(e.at).toMatch(/^2020-06-/);
    });
  });
});

describe("telephony details", () => {
  it("carries numbers, names and the event time of the changed party", () => {
    const e = event(sequence("telephony-sessions.sequence.pstn-inbound-via-ivr.json")[4]);
    expect(e).toEqual({
      type: "call.updated",
      platform: "ringcentral",
      telephonySessionId: "s-718107795d564867a6f635fd81e89940",
      sessionId: "429180487016",
      partyId: "p-718107795d564867a6f635fd81e89940-3",
      extensionId: "809646016",
      accountId: "809646016",
      direction: "Inbound",
      status: "Setup",
      from: "+14083388064",
      to: "+18003151571",
      fromName: "DIBYENDU ROY",
      toName: "TESTER Babji",
      missedCall: false,
      sequence: 6,
      at: "2020-06-23T01:05:52.627Z",
    });
  });

  it("maps the docs' clean extension-level sample", () => {
    const e = event(fixture("telephony-sessions.webhook.setup.json"));
    expect(e).toMatchObject({
      type: "call.updated",
      telephonySessionId: "s-a6abd24ca6774373a8120a3390d3cbe8",
      partyId: "p-a6abd24ca6774373a8120a3390d3cbe8-2",
      extensionId: "809646016",
      status: "Setup",
      from: "+14083388064",
      to: "+19043014558",
      toName: "TESTER Babji",
      sequence: 3,
      at: "2020-06-14T19:27:18.340Z",
    });
  });

  it("maps the account-filter sample with body-level accountId", () => {
    const e = event(fixture("telephony-sessions.account-filter.proceeding.json"));
    expect(e).toMatchObject({
      type: "call.updated",
      accountId: "400144452008",
      extensionId: "400144455008",
      status: "Proceeding",
      fromName: "TheCat Jerry",
      sequence: 5,
    });
  });
});

describe("presence", () => {
  it.each([
    ["presence.simple.json", "6610372004", "CallConnected", "Busy", 2698],
    ["presence.detailed.json", "6610372004", "CallConnected", "Busy", 2698],
    ["presence.detailed-with-sip.json", "297277020", "OnHold", "Busy", 2013],
  ])("%s → presence.changed", (file, extensionId, telephonyStatus, presenceStatus, seq) => {
    expect(event(fixture(file))).toEqual({
      type: "presence.changed",
      platform: "ringcentral",
      extensionId,
      userStatus: "Available",
      dndStatus: "TakeAllCalls",
      presenceStatus,
      telephonyStatus,
      sequence: seq,
      at: file === "presence.detailed-with-sip.json" ? "2019-07-09T16:17:38.286Z" : "2016-02-18T09:37:24.597Z",
    });
  });

  it("maps the DND-only event with only the DND status", () => {
    const e = event(fixture("presence.dnd.json"));
    expect(e).toEqual({
      type: "presence.changed",
      platform: "ringcentral",
      extensionId: "6610372004",
      dndStatus: "TakeAllCalls",
      at: "2021-02-18T09:37:24.597Z",
    });
  });

  it("accepts a numeric extensionId and reports dndStatus Unknown as absent", () => {
    const body = {
      uuid: "u-1",
      event: "/restapi/v1.0/account/~/extension/~/presence",
      body: { extensionId: 6610372004, userStatus: "Busy", dndStatus: "Unknown" },
    };
    const e = event(body);
    expect(e).toMatchObject({ extensionId: "6610372004", userStatus: "Busy", at: meta.receivedAt });
    expect(e.type === "presence.changed" && e.dndStatus).toBeUndefined();
  });

  it("takes the extension from the event path when the body omits it", () => {
    const e = event({
      uuid: "u-2",
      event: "/restapi/v1.0/account/1/extension/42/presence",
      body: { userStatus: "Offline" },
    });
    expect(e).toMatchObject({ type: "presence.changed", extensionId: "42", userStatus: "Offline" });
  });

  it("rejects a presence event that names no extension anywhere", () => {
    const result = map({ uuid: "u-3", event: "/restapi/v1.0/account/~/extension/~/presence", body: {} }, meta);
    expect(result.ok).toBe(false);
  });

  it("rejects an unknown userStatus (strict on what we use)", () => {
    const body = { uuid: "u-4", event: "/restapi/v1.0/account/~/extension/5/presence", body: { userStatus: "Away" } };
    const result = map(body, meta);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues).not.toHaveLength(0);
  });
});

describe("ignored notifications", () => {
  it.each([
    ["team-messaging.post-added.json", /team messaging/],
    ["call-queue-member-presence.json", /call-queue/],
    ["message-store.json", /message-store/],
    ["subscription.renewal-reminder.unconfirmed-body.json", /renewal reminder/],
  ])("%s is ignored with a reason", (file, reason) => {
    const mapped = outcome(fixture(file));
    expect(mapped.kind).toBe("ignored");
    if (mapped.kind === "ignored") expect(mapped.reason).toMatch(reason);
  });

  it.each([
    ["/restapi/v1.0/account/~/extension/~/call-log", /call-log/],
    ["/restapi/v1.0/glip/posts", /team messaging/],
    ["/restapi/v1.0/account/~/extension/1/presence/line", /monitored-line/],
    ["/restapi/v1.0/account/~/extension/~/something-new", /unsupported event filter/],
  ])("%s is ignored with a reason", (filter, reason) => {
    const mapped = outcome({ uuid: "u", event: filter, body: {} });
    expect(mapped).toMatchObject({ kind: "ignored", reason: expect.stringMatching(reason) });
  });
});

describe("telephony edge cases", () => {
  const base = fixture("telephony-sessions.webhook.setup.json") as { body: { parties: Record<string, unknown>[] } };
  const withParty = (patch: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const party = base.body.parties[0];
    return { ...base, ...extra, body: { ...base.body, parties: [{ ...party, ...patch }] } };
  };

  it.each([
    ["Voicemail", "VoiceMail"],
    ["VOICEMAIL", "VoiceMail"],
    ["VMScreening", "VoiceMailScreening"],
    ["VoiceMailScreening", "VoiceMailScreening"],
    ["answered", "Answered"],
    ["Gone", "Gone"],
    ["Parked", "Parked"],
  ])("status code %s → %s (both documented spellings, any case)", (code, status) => {
    expect(event(withParty({ status: { code } }))).toMatchObject({ status });
  });

  it("ignores a status code with no availability meaning", () => {
    const mapped = outcome(withParty({ status: { code: "Tds" } }));
    expect(mapped).toMatchObject({ kind: "ignored", reason: expect.stringContaining("Tds") });
  });

  it("reports missedCall", () => {
    expect(event(withParty({ status: { code: "Disconnected" }, missedCall: true }))).toMatchObject({
      missedCall: true,
    });
  });

  it("picks the party of the extension named in the event path when several are present", () => {
    const pstn = { id: "p-x-1", direction: "Outbound", status: { code: "Answered" }, from: { phoneNumber: "+1" } };
    const body = structuredClone(base) as { body: { parties: unknown[] } };
    body.body.parties = [pstn, ...body.body.parties];
    expect(event(body)).toMatchObject({ partyId: "p-a6abd24ca6774373a8120a3390d3cbe8-2", extensionId: "809646016" });
  });

  it("returns a schema error (not a throw) when the body is not a telephony body", () => {
    const result = map({ ...base, body: { sequence: 1, parties: [] } }, meta);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/telephony/);
  });

  it("returns a schema error for a party with an unknown direction", () => {
    expect(map(withParty({ direction: "Sideways" }), meta).ok).toBe(false);
  });

  it("returns a schema error when the envelope has no uuid or event", () => {
    expect(map({ event: "/restapi/v1.0/account/~/telephony/sessions", body: {} }, meta).ok).toBe(false);
    expect(map({ uuid: "1", body: {} }, meta).ok).toBe(false);
    expect(map("not an object", meta).ok).toBe(false);
  });

  it("falls back to the envelope timestamp, then receivedAt, when eventTime is absent", () => {
    const noEventTime = { ...base, body: { ...(base.body as object), eventTime: undefined } };
    expect(event(noEventTime)).toMatchObject({ at: "2020-06-14T19:27:18.390Z" });
    expect(event({ ...noEventTime, timestamp: undefined })).toMatchObject({ at: meta.receivedAt });
  });
});
