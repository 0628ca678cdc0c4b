import { describe, expect, it } from "vitest";
import type { QueueAnalytics } from "./analytics.ts";
import { ANALYTICS_CSV_COLUMNS, analyticsCsv } from "./analytics-csv.ts";

const tally = {
  offered: 4,
  answered: 2,
  missed: 1,
  abandoned: 1,
  handleSec: 600,
  waitSec: 80,
  avgHandleSec: 300,
  avgWaitSec: 20,
};

describe("analyticsCsv", () => {
  it("writes a header, then one row per queue, agent and hour", () => {
    const a: QueueAnalytics = {
      queues: [{ queueId: "801", name: 'Support, "Tier 1"', ...tally }],
      agents: [{ extensionId: "101", name: "=cmd()", answered: 2, handleSec: 600, avgHandleSec: 300 }],
      hours: [{ hour: "2026-12-05T09", ...tally }],
    };
    expect([...analyticsCsv(a)]).toEqual([
      `${ANALYTICS_CSV_COLUMNS.join(",")}\r\n`,
      'queue,801,"Support, ""Tier 1""",4,2,1,1,600,80,300,20\r\n',
      "agent,101,'=cmd(),,2,,,600,,300,\r\n",
      "hour,2026-12-05T09,,4,2,1,1,600,80,300,20\r\n",
    ]);
  });

  it("writes only the header when there were no calls", () => {
    expect([...analyticsCsv({ queues: [], agents: [], hours: [] })]).toHaveLength(1);
  });
});
