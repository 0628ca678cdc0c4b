import { describe, expect, it } from "vitest";
import type { StatsDto } from "../../../src/api/contracts.ts";
import { statsModel } from "./stats-model.ts";

const zero = { available: 0, busy: 0, on_call: 0, away: 0, offline: 0 };
const stats: StatsDto = {
  at: "2026-12-04T10:30:00.000Z",
  from: "2026-12-04T09:00:00.000Z",
  agents: { total: 8, byStatus: { available: 6, on_call: 2 } },
  active: { chats: 3, calls: 2 },
  customers: { total: 40, pendingMatches: 1 },
  commands: { succeeded: 90, dead: 2 },
  webhooksLastHour: { processed: 30, rejected: 2 },
  hourly: [
    { hour: "2026-12-04T09:00:00.000Z", chats: 4, calls: 1, webhooks: 20 },
    { hour: "2026-12-04T10:00:00.000Z", chats: 2, calls: 3, webhooks: 12 },
  ],
  availability: [
    { hour: "2026-12-04T09:00:00.000Z", states: { ...zero, available: 7.5, on_call: 0.5 } },
    { hour: "2026-12-04T10:00:00.000Z", states: { ...zero, available: 6, on_call: 2 } },
  ],
  latency: [
    { measure: "command", platform: null, count: 9, p50Ms: 40, p90Ms: 90, p95Ms: 120, p99Ms: 400 },
    { measure: "command", platform: "livechat", count: 5, p50Ms: 30, p90Ms: 80, p95Ms: 100, p99Ms: 100 },
    { measure: "webhook", platform: "chatwoot", count: 12, p50Ms: 8, p90Ms: 15, p95Ms: 20, p99Ms: 35 },
  ],
};

describe("statsModel", () => {
  const model = statsModel(stats);

  it("turns the hub's counts into tiles, summing webhooks over their outcomes", () => {
    expect(model.live).toContainEqual({ label: "dead letters", value: 2 });
    expect(model.live).toContainEqual({ label: "webhooks last hour", value: 32 });
    expect(model.live).toContainEqual({ label: "on call", value: 2 });
  });

  it("draws availability and volume per hour from the hub's history", () => {
    expect(model.availability).toEqual([
      { at: Date.parse("2026-12-04T09:00:00.000Z"), counts: { ...zero, available: 7.5, on_call: 0.5 } },
      { at: Date.parse("2026-12-04T10:00:00.000Z"), counts: { ...zero, available: 6, on_call: 2 } },
    ]);
    expect(model.volume.map((v) => v.values)).toEqual([
      { chats: 4, calls: 1 },
      { chats: 2, calls: 3 },
    ]);
  });

  it("splits latency into platform writes and webhook processing, naming the overall row", () => {
    expect(model.latency.commands.map((r) => [r.label, r.p95, r.count, r.unit])).toEqual([
      ["all platforms", 120, 9, "writes"],
      ["LiveChat", 100, 5, "writes"],
    ]);
    expect(model.latency.webhooks.map((r) => r.label)).toEqual(["Chatwoot"]);
  });
});
