import { describe, expect, it } from "vitest";
import { stateSegments, timeInStates } from "./state-segments.ts";

const at = (s: number) => new Date(s * 1000);
const call = { kind: "call", platform: "ringcentral", id: "s1", partyId: "p1" };
const chat = { kind: "chat", platform: "livechat", id: "c1" };

describe("timeInStates", () => {
  it("replays intent and engagements into seconds per state, clipped to the range", () => {
    const rows = [
      { at: at(0), kind: "intent", detail: { to: "away" } },
      { at: at(100), kind: "intent", detail: { to: "available" } },
      { at: at(200), kind: "engagement_started", detail: { engagement: chat } },
      { at: at(300), kind: "engagement_started", detail: { engagement: call } },
      { at: at(400), kind: "engagement_ended", detail: { engagement: call } },
      { at: at(450), kind: "engagement_ended", detail: { engagement: chat } },
      { at: at(500), kind: "intent", detail: { to: "offline" } },
      { at: at(900), kind: "intent", detail: { to: "available" } },
    ];
    expect(timeInStates(rows, 50_000, 600_000)).toEqual({
      away: 50,
      available: 100 + 50,
      busy_with_chats: 100 + 50,
      on_call: 100,
      offline: 100,
    });
  });

  it("counts the state in force before the range starts, and available when there is no history", () => {
    const rows = [{ at: at(0), kind: "intent", detail: { to: "away" } }];
    expect(timeInStates(rows, 1_000_000, 1_060_000)).toEqual({ away: 60 });
    expect(timeInStates([], 0, 10_000)).toEqual({ available: 10 });
  });

  it("a chosen away wins over an engagement", () => {
    const rows = [
      { at: at(0), kind: "engagement_started", detail: { engagement: call } },
      { at: at(10), kind: "intent", detail: { to: "away" } },
    ];
    expect(timeInStates(rows, 0, 30_000)).toEqual({ on_call: 10, away: 20 });
  });
});

describe("stateSegments", () => {
  it("merges adjacent equal states and clips to the range", () => {
    const rows = [
      { at: at(0), kind: "engagement_started", detail: { engagement: chat } },
      { at: at(10), kind: "engagement_started", detail: { engagement: { ...chat, id: "c2" } } },
      { at: at(20), kind: "engagement_ended", detail: { engagement: chat } },
      { at: at(30), kind: "intent", detail: { to: "away" } },
    ];
    expect(stateSegments(rows, 5_000, 40_000)).toEqual([
      { state: "busy_with_chats", fromMs: 5_000, toMs: 30_000 },
      { state: "away", fromMs: 30_000, toMs: 40_000 },
    ]);
  });

  it("gives nothing for an empty range, and ignores unknown intents and history kinds", () => {
    expect(stateSegments([], 10, 10)).toEqual([]);
    const rows = [
      { at: at(1), kind: "intent", detail: { to: "lunch" } },
      { at: at(2), kind: "desired", detail: { platform: "livechat" } },
    ];
    expect(stateSegments(rows, 0, 3_000)).toEqual([{ state: "available", fromMs: 0, toMs: 3_000 }]);
  });
});
