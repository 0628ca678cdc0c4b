import { describe, expect, it } from "vitest";
import { type CommandStateInput, commandState } from "./display-state.ts";

const at = new Date("2026-12-04T16:20:05.000Z");
const row = (over: Partial<CommandStateInput>): CommandStateInput => ({
  status: "pending",
  attempts: 0,
  maxAttempts: 8,
  waitingUntil: null,
  waitingReason: null,
  lastError: null,
  ...over,
});

describe("commandState", () => {
  it.each([
    ["a new command", row({}), "queued", "queued", false],
    ["being sent", row({ status: "running", attempts: 2 }), "running", "sending (attempt 3/8)", false],
    [
      "held for the rate budget, no attempt spent",
      row({ waitingUntil: at, waitingReason: "RingCentral's Medium budget" }),
      "waiting",
      "waiting for RingCentral's Medium budget until 2026-12-04T16:20:05.000Z",
      false,
    ],
    [
      "an attempt failed, the next is scheduled",
      row({ status: "failed", attempts: 1, waitingUntil: at, lastError: "HTTP 503" }),
      "retrying",
      "retrying: attempt 2/8 at 2026-12-04T16:20:05.000Z",
      false,
    ],
    [
      "refused for good on the first attempt",
      row({ status: "dead", attempts: 1, lastError: "HTTP 404 CMN-102" }),
      "failed",
      "refused; will not be retried",
      true,
    ],
    [
      "every attempt spent",
      row({ status: "dead", attempts: 8, lastError: "HTTP 503" }),
      "dead",
      "gave up after 8 attempts",
      true,
    ],
    ["done", row({ status: "succeeded", attempts: 1 }), "succeeded", "succeeded", false],
    ["replaced", row({ status: "superseded" }), "superseded", "superseded by a newer target", false],
  ] as const)("%s → %s", (_what, input, name, summary, canRetry) => {
    const state = commandState(input);
    expect(state.name).toBe(name);
    expect(state.summary).toBe(summary);
    expect(state.canRetry).toBe(canRetry);
  });

  it("never offers Retry or a final error while the hub is still trying", () => {
    for (const status of ["pending", "running", "failed"] as const) {
      const state = commandState(row({ status, attempts: 3, lastError: "HTTP 429", waitingReason: "x" }));
      expect(state.canRetry).toBe(false);
      expect(state.errorIsFinal).toBe(false);
    }
  });
});
