import { describe, expect, it } from "vitest";
import type { CallLogRecord } from "../platforms/ringcentral/client-schemas.ts";
import { CALL_LOG_GIVE_UP_MS, CALL_LOG_WINDOW_MARGIN_MS, callLogWindow, matchCallLog } from "./call-log-match.ts";

const now = Date.parse("2026-12-04T16:00:00Z");
const call = (id: string, session: string, endedAgoMs: number) => ({
  id,
  telephonySessionId: session,
  startedAt: now - endedAgoMs - 60_000,
  endedAt: now - endedAgoMs,
});
const record = (id: string, session: string, recording = false): CallLogRecord => ({
  id,
  telephonySessionId: session,
  startTime: new Date(now).toISOString(),
  ...(recording ? { recording: { id: `rec-${id}`, contentUri: `https://media.example/${id}` } } : {}),
});

describe("matchCallLog", () => {
  it.each([
    ["found → attach", [record("r1", "s1", true)], 30_000, { attach: ["c1"], giveUp: [], stillWaiting: [] }],
    ["not yet published → wait", [], 30_000, { attach: [], giveUp: [], stillWaiting: ["c1"] }],
    ["never published → give up", [], CALL_LOG_GIVE_UP_MS, { attach: [], giveUp: ["c1"], stillWaiting: [] }],
    ["another session's record → wait", [record("r9", "s9")], 30_000, { attach: [], giveUp: [], stillWaiting: ["c1"] }],
  ] as const)("%s", (_what, records, endedAgo, expected) => {
    const m = matchCallLog([call("c1", "s1", endedAgo)], records, now);
    expect({
      attach: m.attach.map((a) => a.conversationId),
      giveUp: m.giveUp,
      stillWaiting: m.stillWaiting,
    }).toEqual(expected);
  });

  it("prefers the leg that carries the recording, whatever the order", () => {
    for (const records of [
      [record("a", "s1"), record("b", "s1", true)],
      [record("b", "s1", true), record("a", "s1")],
    ]) {
      const m = matchCallLog([call("c1", "s1", 30_000)], records, now);
      expect(m.attach[0]?.record.id).toBe("b");
    }
  });

  it("matches many calls from one page", () => {
    const calls = Array.from({ length: 50 }, (_, i) => call(`c${i}`, `s${i}`, 30_000));
    const records = Array.from({ length: 50 }, (_, i) => record(`r${i}`, `s${i}`, true));
    expect(matchCallLog(calls, records, now).attach).toHaveLength(50);
  });
});

describe("callLogWindow", () => {
  it("covers the oldest waiting call's start up to now, with a margin each side", () => {
    const w = callLogWindow([call("c1", "s1", 30_000), call("c2", "s2", 300_000)], now);
    expect(w.dateFrom).toBe(new Date(now - 300_000 - 60_000 - CALL_LOG_WINDOW_MARGIN_MS).toISOString());
    expect(w.dateTo).toBe(new Date(now + CALL_LOG_WINDOW_MARGIN_MS).toISOString());
  });
});
