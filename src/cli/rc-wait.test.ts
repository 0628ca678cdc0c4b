import { describe, expect, it } from "vitest";
import { ApiError } from "../http/errors.ts";
import { oneLineError, rateLimitWait, waitingOutRateLimits } from "./rc-wait.ts";

const limited = (retryAfterMs?: number) =>
  new ApiError("rate_limited", "RingCentral: Heavy rate group is at its limit", { retryAfterMs });

describe("rateLimitWait", () => {
  it.each([
    [limited(5_000), 5_000],
    [limited(10), 1_000],
    [limited(10 * 60_000), 120_000],
    [limited(undefined), 60_000],
    [new ApiError("bad_request", "no"), undefined],
    [new Error("boom"), undefined],
  ])("%s → %s", (error, wait) => {
    expect(rateLimitWait(error)).toBe(wait);
  });
});

describe("waitingOutRateLimits", () => {
  const clock = () => {
    let t = 0;
    const waits: number[] = [];
    return {
      waits,
      io: {
        now: () => t,
        sleep: async (ms: number) => {
          t += ms;
        },
        onWait: (ms: number) => {
          waits.push(ms);
        },
      },
    };
  };

  it("waits out each rate window and runs the step again", async () => {
    const c = clock();
    let runs = 0;
    const value = await waitingOutRateLimits(async () => {
      runs += 1;
      if (runs < 3) throw limited(30_000);
      return "done";
    }, c.io);
    expect([value, runs, c.waits]).toEqual(["done", 3, [30_000, 30_000]]);
  });

  it("gives up past the deadline and passes other errors through at once", async () => {
    const c = clock();
    await expect(
      waitingOutRateLimits(
        async () => {
          throw limited(60_000);
        },
        { ...c.io, deadlineMs: 100_000 },
      ),
    ).rejects.toThrow(/rate group/);
    expect(c.waits).toEqual([60_000]);
    const d = clock();
    await expect(
      waitingOutRateLimits(async () => {
        throw new ApiError("bad_request", "nope");
      }, d.io),
    ).rejects.toThrow("nope");
    expect(d.waits).toEqual([]);
  });
});

describe("oneLineError", () => {
  it.each([
    [
      Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: "ENOENT" }),
      "cannot read x.json: no such file",
    ],
    [new SyntaxError("Expected property name"), "x.json is not valid JSON: Expected property name"],
    [new Error("first\nsecond"), "first"],
    ["plain", "plain"],
  ])("%s", (error, line) => {
    expect(oneLineError(error, "x.json")).toBe(line);
  });
});
