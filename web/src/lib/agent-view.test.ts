import { describe, expect, it } from "vitest";
import type { AgentSummaryDto } from "../../../src/api/contracts.ts";
import {
  boardStatus,
  describeHistory,
  describePlatformState,
  driftDetail,
  intentOrigin,
  matchesFilter,
  statusWord,
  summarize,
  upsertAgent,
  workloadOf,
} from "./agent-view.ts";

function agent(overrides: Partial<AgentSummaryDto> = {}): AgentSummaryDto {
  return {
    id: "agt_1",
    name: "Ada Lovelace",
    email: "ada@switchboard.demo",
    capacity: 100,
    costs: { call: 100, chat: 20 },
    load: 0,
    status: "available",
    intent: { status: "available", source: "default", at: null },
    engagements: [],
    platforms: [],
    chat: { role: "agent", maxChats: 5, enabled: true, acceptingChats: true },
    deletedAt: null,
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

const chat = (id: string) => ({ kind: "chat" as const, platform: "livechat", id, startedAt: "2026-01-01T00:00:00Z" });
const call = (id: string) => ({
  kind: "call" as const,
  platform: "ringcentral",
  id,
  startedAt: "2026-01-01T00:00:00Z",
});

describe("describePlatformState", () => {
  it("speaks each platform's own words", () => {
    expect(describePlatformState("livechat", { routingStatus: "accepting_chats" })).toEqual({
      label: "Accepting",
      tone: "green",
    });
    expect(describePlatformState("livechat", { routingStatus: "not_accepting_chats" }).tone).toBe("amber");
    expect(describePlatformState("chatwoot", { availability: "busy" })).toEqual({ label: "Busy", tone: "amber" });
    expect(describePlatformState("ringcentral", { userStatus: "Available", dndStatus: "TakeAllCalls" })).toEqual({
      label: "Available",
      tone: "green",
    });
    expect(describePlatformState("ringcentral", { userStatus: "Available", dndStatus: "DoNotAcceptAnyCalls" })).toEqual(
      {
        label: "Available",
        detail: "do not disturb",
        tone: "amber",
      },
    );
    expect(describePlatformState("ringcentral", { userStatus: "Offline", dndStatus: "TakeAllCalls" }).tone).toBe(
      "gray",
    );
  });

  it("says unknown when nothing was read yet", () => {
    expect(describePlatformState("livechat", null).label).toBe("unknown");
    expect(describePlatformState("livechat", {}).label).toBe("unknown");
  });
});

describe("driftDetail", () => {
  const base = {
    platform: "livechat" as const,
    connectionId: "con_1",
    externalId: "ada",
    actualAt: null,
    actualSource: null,
  };
  it("is null in sync and names the differing fields when drifting", () => {
    expect(driftDetail({ ...base, desired: { a: "1" }, actual: { a: "1" }, inSync: true })).toBeNull();
    expect(
      driftDetail({
        ...base,
        desired: { routingStatus: "not_accepting_chats" },
        actual: { routingStatus: "accepting_chats" },
        inSync: false,
      }),
    ).toBe("routingStatus: accepting_chats → not_accepting_chats");
    expect(driftDetail({ ...base, desired: { a: "1" }, actual: null, inSync: false })).toBe("a: ? → 1");
  });
});

describe("workloadOf", () => {
  it("splits the bar into calls and chats by cost", () => {
    const w = workloadOf(agent({ load: 40, engagements: [chat("c1"), chat("c2")] }));
    expect(w).toMatchObject({ calls: 0, chats: 2, share: 0.4, overbooked: false });
    expect(w.segments).toEqual([{ kind: "chat", share: 0.4 }]);
  });

  it("clamps an overbooked agent to a full bar and says so", () => {
    const w = workloadOf(agent({ load: 140, engagements: [call("x"), chat("c1"), chat("c2")] }));
    expect(w.overbooked).toBe(true);
    expect(w.share).toBe(1);
    expect(w.segments.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1);
    expect(w.segments[0]).toEqual({ kind: "call", share: 1 });
  });
});

describe("summarize and filter", () => {
  const drifting = agent({
    id: "agt_2",
    name: "Grace Hopper",
    email: "grace@switchboard.demo",
    status: "on_call",
    engagements: [call("x")],
    platforms: [
      {
        platform: "chatwoot",
        connectionId: "c",
        externalId: "2",
        desired: { availability: "busy" },
        actual: { availability: "online" },
        actualAt: null,
        actualSource: null,
        inSync: false,
      },
    ],
  });
  const list = [agent(), drifting];

  it("counts states, drift and engagements", () => {
    expect(summarize(list)).toMatchObject({
      total: 2,
      available: 1,
      on_call: 1,
      busy: 0,
      drifting: 1,
      calls: 1,
      chats: 0,
    });
  });

  it("filters by status, by drift and by name or email", () => {
    expect(list.filter((a) => matchesFilter(a, { q: "", status: "on_call" })).map((a) => a.id)).toEqual(["agt_2"]);
    expect(list.filter((a) => matchesFilter(a, { q: "", status: "drifting" })).map((a) => a.id)).toEqual(["agt_2"]);
    expect(list.filter((a) => matchesFilter(a, { q: "ADA@", status: "" })).map((a) => a.id)).toEqual(["agt_1"]);
  });
});

describe("boardStatus", () => {
  it("folds the hub's finer states into the board's five words", () => {
    expect(boardStatus("busy_with_chats")).toBe("busy");
    expect(statusWord("busy_with_chats")).toBe("Busy");
    expect(boardStatus("on_call")).toBe("on_call");
    expect(summarize([agent({ status: "busy_with_chats" })])).toMatchObject({ busy: 1 });
    expect(matchesFilter(agent({ status: "busy_with_chats" }), { q: "", status: "busy" })).toBe(true);
  });
});

describe("upsertAgent", () => {
  it("replaces in place and inserts new agents in name order", () => {
    const a = agent({ id: "a", name: "Ada" });
    const c = agent({ id: "c", name: "Cy" });
    const updated = upsertAgent([a, c], { ...a, status: "busy" });
    expect(updated.map((x) => [x.id, x.status])).toEqual([
      ["a", "busy"],
      ["c", "available"],
    ]);
    expect(upsertAgent([a, c], agent({ id: "b", name: "Bea" })).map((x) => x.id)).toEqual(["a", "b", "c"]);
  });
});

describe("describeHistory", () => {
  it("reads intent changes and platform targets as sentences", () => {
    expect(describeHistory({ kind: "intent", detail: { from: "available", to: "away", source: "livechat" } })).toBe(
      "available → away (set via LiveChat)",
    );
    expect(
      describeHistory({
        kind: "desired",
        detail: {
          platform: "livechat",
          from: { routingStatus: "accepting_chats" },
          to: { routingStatus: "not_accepting_chats" },
        },
      }),
    ).toBe("LiveChat: Accepting → Not accepting");
    expect(
      describeHistory({
        kind: "desired",
        detail: {
          platform: "ringcentral",
          from: { userStatus: "Available", dndStatus: "TakeAllCalls" },
          to: { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" },
        },
      }),
    ).toBe("RingCentral: Available → Busy · no queue calls");
    expect(describeHistory({ kind: "engagement", detail: { kind: "engagement", callId: "s-1" } })).toBe(
      '{"callId":"s-1"}',
    );
  });
});

describe("intentOrigin", () => {
  const now = Date.parse("2026-12-04T12:00:00Z");
  it.each([
    [{ status: "available" as const, source: "default", at: null }, "default · never changed"],
    [{ status: "away" as const, source: "livechat", at: "2026-12-04T11:55:00Z" }, "LiveChat · 5m ago"],
    [{ status: "offline" as const, source: "switchboard", at: "2026-12-04T09:00:00Z" }, "Switchboard · 3h ago"],
    // An older hub still sends the epoch for the default: it must not read as "20791d ago".
    [{ status: "available" as const, source: "default", at: "1970-01-01T00:00:00.000Z" }, "default · never changed"],
  ])("%o reads %s", (intent, short) => {
    expect(intentOrigin(intent, now).short).toBe(short);
  });
});
