import { describe, expect, it } from "vitest";
import { nextRetryDelayMs } from "./backoff.ts";

describe("nextRetryDelayMs", () => {
  it.each([
    { attempt: 1, random: 0, expected: 500 },
    { attempt: 1, random: 1, expected: 1000 },
    { attempt: 2, random: 0, expected: 1000 },
    { attempt: 4, random: 1, expected: 8000 },
    { attempt: 30, random: 1, expected: 300_000 },
    { attempt: 30, random: 0, expected: 150_000 },
  ])("attempt $attempt with random $random → $expected ms", ({ attempt, random, expected }) => {
    expect(nextRetryDelayMs({ attempt, random: () => random })).toBe(expected);
  });

  it("never retries sooner than Retry-After", () => {
    expect(nextRetryDelayMs({ attempt: 1, retryAfterMs: 7000, random: () => 0.5 })).toBe(7000);
    expect(nextRetryDelayMs({ attempt: 6, retryAfterMs: 100, random: () => 0 })).toBe(16_000);
  });
});
