import type { QueueAnalytics } from "./analytics.ts";

/** Columns of the analytics CSV: one row per queue, agent and hour (`scope` says which). */
export const ANALYTICS_CSV_COLUMNS = [
  "scope",
  "key",
  "name",
  "offered",
  "answered",
  "missed",
  "abandoned",
  "handleSec",
  "waitSec",
  "avgHandleSec",
  "avgWaitSec",
] as const;

/** RFC 4180 field; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function field(value: string | number): string {
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) && !/^[-+]?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: (string | number)[]) => `${cells.map(field).join(",")}\r\n`;

/** The analytics as CSV lines, header first, yielded one at a time (the response streams them). */
export function* analyticsCsv(a: QueueAnalytics): Generator<string> {
  yield line([...ANALYTICS_CSV_COLUMNS]);
  for (const q of a.queues)
    yield line([
      "queue",
      q.queueId,
      q.name,
      q.offered,
      q.answered,
      q.missed,
      q.abandoned,
      q.handleSec,
      q.waitSec,
      q.avgHandleSec,
      q.avgWaitSec,
    ]);
  for (const g of a.agents)
    yield line(["agent", g.extensionId, g.name, "", g.answered, "", "", g.handleSec, "", g.avgHandleSec, ""]);
  for (const h of a.hours)
    yield line([
      "hour",
      h.hour,
      "",
      h.offered,
      h.answered,
      h.missed,
      h.abandoned,
      h.handleSec,
      h.waitSec,
      h.avgHandleSec,
      h.avgWaitSec,
    ]);
}
