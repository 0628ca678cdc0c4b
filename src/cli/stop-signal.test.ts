import { describe, expect, it } from "vitest";
import { REPEAT_WINDOW_MS, stopSignalAction } from "./stop-signal.ts";

describe("stopSignalAction", () => {
  it.each([
    { first: null, now: 1_000, action: "stop" },
    { first: 1_000, now: 1_000, action: "ignore" },
    { first: 1_000, now: 1_000 + REPEAT_WINDOW_MS - 1, action: "ignore" },
    { first: 1_000, now: 1_000 + REPEAT_WINDOW_MS, action: "force" },
    { first: 1_000, now: 60_000, action: "force" },
  ] as const)("first signal at $first, another at $now → $action", ({ first, now, action }) => {
    expect(stopSignalAction(first, now)).toBe(action);
  });
});
