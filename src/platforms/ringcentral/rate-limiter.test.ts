import { describe, expect, it } from "vitest";
import type { BucketState, HeaderReader, RateGroup, RatePriority } from "./rate-limiter.ts";
import {
  acquireSlot,
  newBucket,
  nextSlotAt,
  observeHeaders,
  parseRateGroup,
  penaliseBucket,
  RATE_GROUPS,
  reserveFor,
} from "./rate-limiter.ts";

/** A synchronous harness over the pure functions, in the shape of the old in-process limiter. */
function setup(limits?: Partial<Record<RateGroup, number>>) {
  let now = 1_000_000;
  const buckets = new Map<RateGroup, BucketState>(RATE_GROUPS.map((g) => [g, newBucket(g, limits)]));
  const get = (g: RateGroup) => buckets.get(g) ?? newBucket(g, limits);
  const limiter = {
    delayMs: (g: RateGroup, priority: RatePriority = "availability") =>
      Math.max(0, nextSlotAt(get(g), now, priority) - now),
    record(g: RateGroup, priority: RatePriority = "availability") {
      const { result, state } = acquireSlot(get(g), now, priority);
      if (!result.ok) throw new Error("no slot");
      buckets.set(g, state);
    },
    observe: (h: HeaderReader, g: RateGroup) => {
      buckets.set(
        parseRateGroup(h.get("x-rate-limit-group")) ?? g,
        observeHeaders(get(parseRateGroup(h.get("x-rate-limit-group")) ?? g), h, now),
      );
    },
    penalise: (g: RateGroup, ms: number | undefined) => buckets.set(g, penaliseBucket(get(g), now, ms)),
  };
  return {
    limiter,
    advance: (ms: number) => {
      now += ms;
    },
    /** Sends as many requests as are allowed right now; returns how many went out. */
    burst(group: RateGroup, max: number, priority: RatePriority = "availability"): number {
      let sent = 0;
      while (sent < max && limiter.delayMs(group, priority) === 0) {
        limiter.record(group, priority);
        sent += 1;
      }
      return sent;
    },
  };
}

const headers = (values: Record<string, string>): HeaderReader => ({
  get: (name) => values[name.toLowerCase()] ?? null,
});

describe("RateLimiter", () => {
  it.each([
    ["Light", 50],
    ["Medium", 40],
    ["Heavy", 10],
    ["Auth", 5],
  ] as const)("lets %s send its default %i per minute, then waits", (group, limit) => {
    const t = setup();
    expect(t.burst(group, 1000)).toBe(limit);
    expect(t.limiter.delayMs(group)).toBe(60_000);
  });

  it("slides the window: a slot frees exactly when the oldest request leaves it", () => {
    const t = setup();
    t.limiter.record("Heavy");
    t.advance(10_000);
    expect(t.burst("Heavy", 100)).toBe(9);
    expect(t.limiter.delayMs("Heavy")).toBe(50_000);
    t.advance(50_000);
    expect(t.limiter.delayMs("Heavy")).toBe(0);
    expect(t.burst("Heavy", 100)).toBe(1);
  });

  it("keeps groups independent", () => {
    const t = setup();
    t.burst("Auth", 100);
    expect(t.limiter.delayMs("Auth")).toBeGreaterThan(0);
    expect(t.limiter.delayMs("Light")).toBe(0);
  });

  it("honours configured limits", () => {
    const t = setup({ Heavy: 3 });
    expect(t.burst("Heavy", 100)).toBe(3);
  });

  it("waits out the server's window when X-Rate-Limit-Remaining reaches 0, before any 429", () => {
    const t = setup();
    t.limiter.record("Medium");
    t.limiter.observe(
      headers({
        "x-rate-limit-group": "medium",
        "x-rate-limit-limit": "40",
        "x-rate-limit-remaining": "0",
        "x-rate-limit-window": "60",
      }),
      "Medium",
    );
    expect(t.limiter.delayMs("Medium")).toBe(60_000);
    t.advance(59_999);
    expect(t.limiter.delayMs("Medium")).toBe(1);
    t.advance(1);
    expect(t.limiter.delayMs("Medium")).toBe(0);
  });

  it("counts requests sent after the server's report against its remaining count", () => {
    const t = setup();
    t.limiter.observe(headers({ "x-rate-limit-remaining": "2", "x-rate-limit-window": "60" }), "Light");
    expect(t.burst("Light", 100)).toBe(2);
    expect(t.limiter.delayMs("Light")).toBe(60_000);
  });

  it("adopts the plan's limit and window from the headers", () => {
    const t = setup();
    t.limiter.observe(headers({ "x-rate-limit-limit": "3", "x-rate-limit-window": "10" }), "Light");
    expect(t.burst("Light", 100)).toBe(3);
    expect(t.limiter.delayMs("Light")).toBe(10_000);
  });

  it("applies headers to the group the server names, not the one we guessed", () => {
    const t = setup();
    t.limiter.observe(headers({ "x-rate-limit-group": "heavy", "x-rate-limit-remaining": "0" }), "Light");
    expect(t.limiter.delayMs("Heavy")).toBe(60_000);
    expect(t.limiter.delayMs("Light")).toBe(0);
  });

  it("ignores garbage header values", () => {
    const t = setup();
    t.limiter.observe(headers({ "x-rate-limit-limit": "lots", "x-rate-limit-remaining": "-1" }), "Auth");
    expect(t.burst("Auth", 100)).toBe(5);
  });

  it("blocks the group for Retry-After after a 429, or the 60 s penalty when absent", () => {
    const t = setup();
    t.limiter.penalise("Light", 7_000);
    expect(t.limiter.delayMs("Light")).toBe(7_000);
    t.limiter.penalise("Heavy", undefined);
    expect(t.limiter.delayMs("Heavy")).toBe(60_000);
    t.advance(7_000);
    expect(t.limiter.delayMs("Light")).toBe(0);
  });

  it("never shortens an existing penalty", () => {
    const t = setup();
    t.limiter.penalise("Light", 30_000);
    t.limiter.penalise("Light", 1_000);
    expect(t.limiter.delayMs("Light")).toBe(30_000);
  });
});

describe("parseRateGroup", () => {
  it("reads the documented lower-case names and rejects unknown ones", () => {
    expect(parseRateGroup("light")).toBe("Light");
    expect(parseRateGroup(" HEAVY ")).toBe("Heavy");
    expect(parseRateGroup("auth")).toBe("Auth");
    expect(parseRateGroup("SuperHeavy")).toBeUndefined();
    expect(parseRateGroup(null)).toBeUndefined();
  });
});

describe("priorities", () => {
  it.each([
    // limit, priority, reserve kept for higher priorities
    [40, "availability", 0],
    [40, "read", 4],
    [40, "messaging", 10],
    [10, "read", 1],
    [10, "messaging", 3],
    [1, "messaging", 0],
  ] as const)("a limit of %i leaves %s a reserve of %i", (limit, priority, reserve) => {
    expect(reserveFor(limit, priority)).toBe(reserve);
  });

  it("keeps the last quarter of Medium for presence once Team Messaging has spent its share", () => {
    const t = setup({ Medium: 8 });
    expect(t.burst("Medium", 100, "messaging")).toBe(6);
    expect(t.limiter.delayMs("Medium", "messaging")).toBeGreaterThan(0);
    expect(t.burst("Medium", 100, "read")).toBe(1);
    expect(t.burst("Medium", 100, "availability")).toBe(1);
    expect(t.limiter.delayMs("Medium", "availability")).toBeGreaterThan(0);
    t.advance(60_001);
    expect(t.limiter.delayMs("Medium", "messaging")).toBe(0);
  });

  it("refuses with the time the slot frees, not a failure", () => {
    const state = { ...newBucket("Heavy"), limit: 1, sent: [1_000] };
    expect(acquireSlot(state, 2_000, "read").result).toEqual({ ok: false, waitUntil: 61_000 });
    expect(acquireSlot(state, 61_001, "read").result).toEqual({ ok: true });
  });
});
