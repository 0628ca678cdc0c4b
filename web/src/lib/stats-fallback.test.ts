import { describe, expect, it } from "vitest";
import { latencyFromCommands, perHour } from "./stats-fallback.ts";
import type { CommandDto } from "./types.ts";

function command(overrides: Partial<CommandDto>): CommandDto {
  return {
    id: "cmd_1",
    connectionId: "con_1",
    platform: "livechat",
    agentId: null,
    kind: "livechat.set_routing_status",
    payload: {},
    idempotencyKey: "k",
    status: "succeeded",
    attempts: 1,
    maxAttempts: 8,
    lastError: null,
    externalId: null,
    cause: null,
    createdAt: "2026-11-21T08:00:00.000Z",
    updatedAt: "2026-11-21T08:00:00.000Z",
    completedAt: "2026-11-21T08:00:00.100Z",
    waitingUntil: null,
    waitingReason: null,
    state: {
      name: "succeeded",
      summary: "succeeded",
      until: null,
      reason: null,
      attempt: 1,
      maxAttempts: 8,
      canRetry: false,
      errorIsFinal: false,
    },
    ...overrides,
  };
}

describe("latencyFromCommands", () => {
  it("measures created → completed of succeeded commands, overall and per platform", () => {
    const rows = latencyFromCommands([
      command({ completedAt: "2026-11-21T08:00:00.100Z" }),
      command({ completedAt: "2026-11-21T08:00:00.300Z" }),
      command({ platform: "chatwoot", completedAt: "2026-11-21T08:00:01.000Z" }),
      command({ status: "dead", completedAt: "2026-11-21T08:00:09.000Z" }),
      command({ status: "pending", completedAt: null }),
    ]);
    const all = rows.find((r) => r.label === "all platforms");
    expect(all).toMatchObject({ count: 3, p50: 300, p99: 1000 });
    expect(rows.find((r) => r.label === "livechat")).toMatchObject({ count: 2, p50: 100, p99: 300 });
    expect(rows.find((r) => r.label === "chatwoot")).toMatchObject({ count: 1, p50: 1000 });
  });
});

describe("perHour", () => {
  it("buckets by hour over a fixed window, keeping empty hours and ignoring older items", () => {
    const now = new Date(2026, 10, 21, 10, 30).getTime();
    const at = (h: number, m: number) => new Date(2026, 10, 21, h, m).toISOString();
    const { volume, keys } = perHour(
      [
        { at: at(10, 5), key: "chats" },
        { at: at(10, 20), key: "calls" },
        { at: at(8, 59), key: "chats" },
        { at: at(1, 0), key: "chats" },
        { at: "not a time", key: "chats" },
      ],
      3,
      now,
    );
    expect(keys).toEqual(["calls", "chats"]);
    expect(volume.map((p) => p.values)).toEqual([
      { calls: 0, chats: 1 },
      { calls: 0, chats: 0 },
      { calls: 1, chats: 1 },
    ]);
  });
});
