import { describe, expect, it } from "vitest";
import { stateBadge, stateDetail } from "./command-state.ts";
import type { CommandState } from "./types.ts";

const state = (over: Partial<CommandState>): CommandState => ({
  name: "queued",
  summary: "",
  until: null,
  reason: null,
  attempt: 1,
  maxAttempts: 8,
  canRetry: false,
  errorIsFinal: false,
  ...over,
});

describe("command state labels", () => {
  const now = Date.parse("2026-12-04T16:00:00Z");
  const until = "2026-12-04T16:00:45Z";

  it("names a wait for RingCentral's budget, with its end", () => {
    const s = state({ name: "waiting", reason: "RingCentral's Medium budget", until });
    expect(stateBadge(s)).toBe("waiting");
    expect(stateDetail(s, now)).toMatch(/^waiting for RingCentral's Medium budget until \d/);
  });

  it("shows a write still being retried as retrying n/8, never as failed", () => {
    const s = state({ name: "retrying", attempt: 2, until });
    expect(stateBadge(s)).toBe("retrying 2/8");
    expect(stateDetail(s, now)).toMatch(/^attempt 2\/8, next try at \d/);
  });

  it("keeps 'dead letter' for a write the hub gave up on", () => {
    expect(stateBadge(state({ name: "dead", summary: "gave up after 8 attempts" }))).toBe("dead letter");
  });
});
