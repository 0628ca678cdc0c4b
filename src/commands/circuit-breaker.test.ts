import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.ts";

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures and lets one trial through after the cool-down", () => {
    const cb = new CircuitBreaker({ threshold: 3, openMs: 1000 });
    for (let i = 0; i < 2; i++) cb.failed("c", 0);
    expect(cb.waitMs("c", 0)).toBe(0);
    cb.failed("c", 10);
    expect(cb.isOpen("c", 10)).toBe(true);
    expect(cb.waitMs("c", 500)).toBe(510);
    expect(cb.waitMs("c", 1010)).toBe(0); // the trial
    expect(cb.waitMs("c", 1011)).toBe(1000); // others wait while the trial is out
    cb.succeeded("c");
    expect(cb.waitMs("c", 1012)).toBe(0);
  });

  it("re-opens when the trial fails, and keeps connections apart", () => {
    const cb = new CircuitBreaker({ threshold: 1, openMs: 100 });
    cb.failed("a", 0);
    expect(cb.waitMs("b", 0)).toBe(0);
    expect(cb.waitMs("a", 100)).toBe(0);
    cb.failed("a", 100);
    expect(cb.isOpen("a", 150)).toBe(true);
  });
});
