import { describe, expect, it } from "vitest";
import { type AgentHistory, availabilityByHour, HOUR_MS } from "./hourly-availability.ts";

const H0 = Date.parse("2026-12-04T08:00:00.000Z");
const t = (hours: number) => new Date(H0 + hours * HOUR_MS);
const call = { kind: "call", platform: "ringcentral", id: "s1", partyId: "p1" };
const zero = { available: 0, busy: 0, on_call: 0, away: 0, offline: 0 };
const agent = (rows: AgentHistory["rows"], createdAtMs = H0 - HOUR_MS, deletedAtMs: number | null = null) => ({
  createdAtMs,
  deletedAtMs,
  rows,
});

describe("availabilityByHour", () => {
  const cases: Array<{ name: string; agents: AgentHistory[]; hours: number; now: number; want: object[] }> = [
    {
      name: "no agents: every hour is empty",
      agents: [],
      hours: 2,
      now: H0 + 2 * HOUR_MS,
      want: [zero, zero],
    },
    {
      name: "one agent available throughout counts 1 each hour",
      agents: [agent([])],
      hours: 2,
      now: H0 + 2 * HOUR_MS,
      want: [
        { ...zero, available: 1 },
        { ...zero, available: 1 },
      ],
    },
    {
      name: "a call across an hour boundary is split between the hours",
      agents: [
        agent([
          { at: t(0.5), kind: "engagement_started", detail: { engagement: call } },
          { at: t(1.25), kind: "engagement_ended", detail: { engagement: call } },
        ]),
      ],
      hours: 2,
      now: H0 + 2 * HOUR_MS,
      want: [
        { ...zero, available: 0.5, on_call: 0.5 },
        { ...zero, available: 0.75, on_call: 0.25 },
      ],
    },
    {
      name: "the state chosen before the range holds at its start; two agents add up",
      agents: [agent([{ at: t(-0.5), kind: "intent", detail: { to: "away" } }]), agent([])],
      hours: 1,
      now: H0 + HOUR_MS,
      want: [{ ...zero, away: 1, available: 1 }],
    },
    {
      name: "the current hour is averaged over the time elapsed; later hours are empty",
      agents: [agent([{ at: t(1.1), kind: "intent", detail: { to: "offline" } }])],
      hours: 3,
      now: H0 + 1.2 * HOUR_MS,
      want: [{ ...zero, available: 1 }, { ...zero, available: 0.5, offline: 0.5 }, zero],
    },
    {
      name: "an agent counts only while it exists",
      agents: [agent([], H0 + 0.5 * HOUR_MS, H0 + 1.75 * HOUR_MS)],
      hours: 2,
      now: H0 + 2 * HOUR_MS,
      want: [
        { ...zero, available: 0.5 },
        { ...zero, available: 0.75 },
      ],
    },
    {
      name: "chats count as busy, a chosen away wins over a call",
      agents: [
        agent([
          {
            at: t(0),
            kind: "engagement_started",
            detail: { engagement: { kind: "chat", platform: "livechat", id: "c" } },
          },
          { at: t(0.25), kind: "engagement_started", detail: { engagement: call } },
          { at: t(0.5), kind: "intent", detail: { to: "away" } },
        ]),
      ],
      hours: 1,
      now: H0 + HOUR_MS,
      want: [{ ...zero, busy: 0.25, on_call: 0.25, away: 0.5 }],
    },
  ];

  it.each(cases)("$name", ({ agents, hours, now, want }) => {
    const got = availabilityByHour(agents, H0, hours, now);
    expect(got.map((h) => h.hourMs)).toEqual(Array.from({ length: hours }, (_, i) => H0 + i * HOUR_MS));
    expect(got.map((h) => h.states)).toEqual(want);
  });
});
