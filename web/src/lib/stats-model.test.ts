import { describe, expect, it } from "vitest";
import { hourOf, percentile, readStats } from "./stats-model.ts";

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("readStats (the hub's stats shape is UNCONFIRMED)", () => {
  it("reads live counts, hourly volume and availability from one hourly series", () => {
    const model = readStats({
      live: { activeChats: 3, activeCalls: 1, agents: { available: 4, on_call: 1 } },
      hourly: [
        { hour: "2026-11-21T08:00:00.000Z", chats: 5, calls: 2, available: 4, busy: 1 },
        { hour: "2026-11-21T07:00:00.000Z", chats: 1, calls: 0, available: 5 },
      ],
    });
    expect(model.live).toEqual([
      { label: "activeChats", value: 3 },
      { label: "activeCalls", value: 1 },
      { label: "agents available", value: 4 },
      { label: "agents on_call", value: 1 },
    ]);
    expect(model.volumeKeys).toEqual(["chats", "calls"]);
    expect(model.volume.map((p) => p.values)).toEqual([
      { chats: 1, calls: 0 },
      { chats: 5, calls: 2 },
    ]);
    expect(model.availability.map((p) => p.counts)).toEqual([{ available: 5 }, { available: 4, busy: 1 }]);
  });

  it("reads latency as one object, per platform, or as a list, in ms under either spelling", () => {
    expect(readStats({ syncLatency: { p50: 10, p90: 20, p95: 30, p99: 40 } }).latency).toEqual([
      { label: "all platforms", p50: 10, p90: 20, p95: 30, p99: 40 },
    ]);
    expect(readStats({ latency: { livechat: { p50Ms: 1, p95Ms: 5, p99Ms: 9, count: 3 } } }).latency).toEqual([
      { label: "livechat", p50: 1, p90: 5, p95: 5, p99: 9, count: 3 },
    ]);
    expect(
      readStats({ commandLatency: [{ platform: "chatwoot", p50: 2, p90: 3, p95: 4, p99: 5 }] }).latency[0]?.label,
    ).toBe("chatwoot");
  });

  it("reads the hub's own layout (GET /api/stats of src/api/stats.ts)", () => {
    const model = readStats({
      at: "2026-11-21T09:00:00.000Z",
      agents: { total: 8, byStatus: { available: 6, on_call: 1, busy: 1 } },
      active: { chats: 2, calls: 1 },
      customers: { total: 4, pendingMatches: 1 },
      commands: { succeeded: 40, dead: 2 },
      webhooksLastHour: { processed: 30, rejected: 1 },
      hourly: [{ hour: "2026-11-21T09:00:00.000Z", chats: 2, calls: 1, webhooks: 31 }],
    });
    expect(model.live).toEqual([
      { label: "agents", value: 8 },
      { label: "available", value: 6 },
      { label: "on call", value: 1 },
      { label: "active chats", value: 2 },
      { label: "active calls", value: 1 },
      { label: "dead letters", value: 2 },
      { label: "customers", value: 4 },
      { label: "pending matches", value: 1 },
      { label: "webhooks last hour", value: 31 },
    ]);
    expect(model.volumeKeys).toEqual(["chats", "calls"]);
    expect(model.availability).toEqual([]);
    expect(model.latency).toEqual([]);
  });

  it("leaves parts empty when the answer has nothing recognisable", () => {
    expect(readStats(null)).toEqual({ live: [], availability: [], volume: [], volumeKeys: [], latency: [] });
    expect(readStats({ hourly: [{ nothing: "here" }] }).volume).toEqual([]);
  });

  it("accepts epoch seconds and milliseconds as times", () => {
    const seconds = readStats({ series: [{ t: 1_795_250_400, chats: 1 }] });
    const millis = readStats({ series: [{ t: 1_795_250_400_000, chats: 1 }] });
    expect(seconds.volume[0]?.at).toBe(1_795_250_400_000);
    expect(millis.volume[0]?.at).toBe(1_795_250_400_000);
  });
});

describe("hourOf", () => {
  it("truncates to the start of the hour", () => {
    const t = new Date(2026, 10, 21, 8, 47, 13, 5).getTime();
    expect(hourOf(t)).toBe(new Date(2026, 10, 21, 8, 0, 0, 0).getTime());
  });
});
