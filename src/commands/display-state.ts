import type { CommandStatus } from "../db/schema/commands.ts";

/**
 * What a command is doing, named for what it is (the sync log and the commands API show this, not the raw row
 * status, which says "failed" for a write that will be retried automatically):
 * - queued: not tried yet; running: being sent now;
 * - waiting: held for a rate-limit window (or an open circuit) until a known time: no attempt was spent;
 * - retrying: an attempt failed and the next is scheduled (attempt n of max, next try at);
 * - failed: refused for good (the platform said no, or the connection is gone): retrying alone will not help;
 * - dead: every attempt failed and the hub gave up: a person may retry it;
 * - succeeded, superseded: done (superseded: a newer target for the same agent replaced it).
 */
export const COMMAND_STATES = [
  "queued",
  "running",
  "waiting",
  "retrying",
  "failed",
  "dead",
  "succeeded",
  "superseded",
] as const;
export type CommandStateName = (typeof COMMAND_STATES)[number];

export type CommandStateInput = {
  status: CommandStatus;
  attempts: number;
  maxAttempts: number;
  waitingUntil: Date | null;
  waitingReason: string | null;
  lastError: string | null;
};

export type CommandState = {
  name: CommandStateName;
  /** One line for a person, e.g. "waiting for RingCentral's Medium budget until 2026-12-04T16:20:05.000Z". */
  summary: string;
  /** When it runs next (waiting, retrying), as an ISO time. */
  until: string | null;
  /** What it waits for (waiting only). */
  reason: string | null;
  /** The attempt running or scheduled next, and the budget of attempts. */
  attempt: number;
  maxAttempts: number;
  /** Only writes the hub stopped trying are offered to a person to retry. */
  canRetry: boolean;
  /** Whether the row's error is the final word (shown as an error) or history of an attempt still in play. */
  errorIsFinal: boolean;
};

export function commandState(row: CommandStateInput): CommandState {
  const until = row.waitingUntil?.toISOString() ?? null;
  const base = {
    until: null,
    reason: null,
    attempt: row.attempts,
    maxAttempts: row.maxAttempts,
    canRetry: false,
    errorIsFinal: false,
  };
  const next = Math.min(row.attempts + 1, row.maxAttempts);
  switch (row.status) {
    case "pending":
      if (row.waitingReason !== null) {
        const when = until ? ` until ${until}` : "";
        return {
          ...base,
          name: "waiting",
          summary: `waiting for ${row.waitingReason}${when}`,
          until,
          reason: row.waitingReason,
          attempt: next,
        };
      }
      return { ...base, name: "queued", summary: "queued", attempt: next };
    case "running":
      return { ...base, name: "running", summary: `sending (attempt ${next}/${row.maxAttempts})`, attempt: next };
    case "failed":
      return {
        ...base,
        name: "retrying",
        summary: `retrying: attempt ${next}/${row.maxAttempts}${until ? ` at ${until}` : ""}`,
        until,
        attempt: next,
      };
    case "dead":
      if (row.attempts >= row.maxAttempts)
        return {
          ...base,
          name: "dead",
          summary: `gave up after ${row.attempts} attempts`,
          canRetry: true,
          errorIsFinal: true,
        };
      return { ...base, name: "failed", summary: "refused; will not be retried", canRetry: true, errorIsFinal: true };
    case "succeeded":
      return { ...base, name: "succeeded", summary: "succeeded" };
    case "superseded":
      return { ...base, name: "superseded", summary: "superseded by a newer target" };
    default:
      return { ...base, name: "queued", summary: String(row.status) };
  }
}
