import { describe, expect, it } from "vitest";
import { conversationDuration, conversationFacts, messageSide, recordingPath } from "./conversation-view.ts";
import { customerName } from "./types.ts";

describe("conversationDuration", () => {
  it("prefers the platform's duration, then end − start, then time so far", () => {
    expect(
      conversationDuration({ details: { durationSec: 75 }, startedAt: "2026-01-01T00:00:00Z", endedAt: null }),
    ).toBe(75);
    expect(
      conversationDuration({ details: {}, startedAt: "2026-01-01T00:00:00Z", endedAt: "2026-01-01T00:02:00Z" }),
    ).toBe(120);
    expect(
      conversationDuration(
        { details: null, startedAt: "2026-01-01T00:00:00Z", endedAt: null },
        Date.parse("2026-01-01T00:00:30Z"),
      ),
    ).toBe(30);
    expect(conversationDuration({ details: null, startedAt: null, endedAt: null })).toBeNull();
  });
});

describe("conversationFacts", () => {
  it("lists call details, never linking the platform's recording URI", () => {
    const facts = conversationFacts({
      details: {
        direction: "Inbound",
        from: "+14155550101",
        result: "Accepted",
        recording: { uri: "https://media.ringcentral.com/r/1" },
      },
    });
    expect(facts).toEqual([
      { label: "Direction", value: "Inbound" },
      { label: "From", value: "+14155550101" },
      { label: "Result", value: "Accepted" },
    ]);
  });
});

describe("conversationFacts with the API's `call` object", () => {
  it("reads direction and result; `call` wins over `details`", () => {
    const facts = conversationFacts({
      details: { result: "old" },
      call: {
        direction: "Outbound",
        from: null,
        to: "+16505551001",
        result: "Answered",
        durationSec: 42,
        recording: { id: "1", contentUri: "https://media.ringcentral.com/rec/1" },
      },
    });
    expect(facts).toEqual([
      { label: "Direction", value: "Outbound" },
      { label: "To", value: "+16505551001" },
      { label: "Result", value: "Answered" },
    ]);
    expect(conversationDuration({ call: { durationSec: 42 }, startedAt: "2026-01-01T00:00:00Z" })).toBe(42);
  });
});

describe("messageSide and customerName", () => {
  it("puts customers left, agents and bots right, the rest in the middle", () => {
    expect(messageSide({ authorType: "customer" })).toBe("customer");
    expect(messageSide({ authorType: "Visitor" })).toBe("customer");
    expect(messageSide({ authorType: "agent_bot" })).toBe("agent");
    expect(messageSide({ authorType: "system" })).toBe("system");
  });

  it("names a customer by the best thing known", () => {
    expect(customerName({ name: "Jane", email: "j@x" })).toBe("Jane");
    expect(customerName({ emails: ["j@x"], phones: ["+1"] })).toBe("j@x");
    expect(customerName({ phone: "+1415" })).toBe("+1415");
    expect(customerName({})).toBe("Unknown customer");
  });
});

describe("recordingPath", () => {
  const recording = { id: "1", contentUri: "https://media.ringcentral.com/rec/1" };
  it("plays through the hub's own route, never RingCentral's content URI", () => {
    expect(
      recordingPath({ id: "cnv_1", call: { recording: { ...recording, url: "/api/conversations/cnv_1/recording" } } }),
    ).toBe("/api/conversations/cnv_1/recording");
    // An older hub sends no `url`: the route is built from the id, still not the content URI.
    expect(recordingPath({ id: "cnv_2", call: { recording } })).toBe("/api/conversations/cnv_2/recording");
    expect(recordingPath({ id: "cnv_3", call: { recording: { ...recording, url: recording.contentUri } } })).toBe(
      "/api/conversations/cnv_3/recording",
    );
    expect(recordingPath({ id: "cnv_4", call: { recording: null } })).toBeNull();
  });
});
