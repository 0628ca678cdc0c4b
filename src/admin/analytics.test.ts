import { describe, expect, it } from "vitest";
import { type CallLogRecord, queueAnalytics } from "./analytics.ts";

const QUEUES = new Map([
  ["q1", "Support"],
  ["q2", "Sales"],
]);
const call = (
  over: Partial<CallLogRecord> & { agent?: { id: string; waitSec: number; talkSec: number } },
): CallLogRecord => {
  const start = over.startTime ?? "2026-12-04T09:10:00.000Z";
  const legs = over.agent
    ? [
        { legType: "PstnToSip", to: { extensionId: over.to?.extensionId ?? "q1" } },
        {
          legType: "Accept",
          startTime: new Date(Date.parse(start) + over.agent.waitSec * 1000).toISOString(),
          duration: over.agent.talkSec,
          result: "Accepted",
          to: { extensionId: over.agent.id, name: `Agent ${over.agent.id}` },
        },
      ]
    : [];
  return { startTime: start, direction: "Inbound", to: { extensionId: "q1" }, legs, ...over };
};

describe("queueAnalytics", () => {
  it.each<[string, CallLogRecord[], Record<string, unknown>]>([
    ["nothing", [], { queues: [], agents: [], hours: [] }],
    [
      "one answered call: wait from the agent leg's start, handle = its duration",
      [call({ result: "Accepted", agent: { id: "a1", waitSec: 20, talkSec: 300 } })],
      {
        queues: [
          {
            queueId: "q1",
            name: "Support",
            offered: 1,
            answered: 1,
            missed: 0,
            abandoned: 0,
            handleSec: 300,
            waitSec: 20,
            avgHandleSec: 300,
            avgWaitSec: 20,
          },
        ],
        agents: [{ extensionId: "a1", name: "Agent a1", answered: 1, handleSec: 300, avgHandleSec: 300 }],
      },
    ],
    [
      "missed and abandoned count their whole duration as wait",
      [
        call({ result: "Missed", duration: 40 }),
        call({ result: "Abandoned", duration: 10 }),
        call({ result: "Hang Up", duration: 6 }),
      ],
      {
        queues: [
          expect.objectContaining({ offered: 3, answered: 0, missed: 1, abandoned: 2, waitSec: 56, avgWaitSec: 19 }),
        ],
        agents: [],
      },
    ],
    [
      "calls to users and outbound calls are not queue calls",
      [
        call({ to: { extensionId: "u1" }, result: "Accepted" }),
        call({ direction: "Outbound", result: "Call connected" }),
      ],
      { queues: [], agents: [], hours: [] },
    ],
  ])("%s", (_name, records, expected) => {
    expect(queueAnalytics(records, QUEUES)).toMatchObject(expected);
  });

  it("buckets by UTC hour and ranks agents by answered calls", () => {
    const result = queueAnalytics(
      [
        call({
          startTime: "2026-12-04T09:59:00.000Z",
          result: "Accepted",
          agent: { id: "a1", waitSec: 5, talkSec: 60 },
        }),
        call({
          startTime: "2026-12-04T10:01:00.000Z",
          to: { extensionId: "q2" },
          result: "Accepted",
          agent: { id: "a2", waitSec: 5, talkSec: 90 },
        }),
        call({
          startTime: "2026-12-04T10:30:00.000Z",
          to: { extensionId: "q2" },
          result: "Accepted",
          agent: { id: "a2", waitSec: 15, talkSec: 30 },
        }),
      ],
      QUEUES,
    );
    expect(result.hours.map((h) => [h.hour, h.offered, h.answered, h.avgWaitSec])).toEqual([
      ["2026-12-04T09", 1, 1, 5],
      ["2026-12-04T10", 2, 2, 10],
    ]);
    expect(result.agents.map((a) => [a.extensionId, a.answered, a.avgHandleSec])).toEqual([
      ["a2", 2, 60],
      ["a1", 1, 60],
    ]);
    expect(result.queues.map((q) => q.name)).toEqual(["Sales", "Support"]);
  });
});
