import { afterEach, describe, expect, it } from "vitest";
import { FixedWindowCounter } from "./rate-limit.ts";
import { type Harness, startSim } from "./test-support.ts";

describe("FixedWindowCounter", () => {
  it("allows `limit` hits per window and resets on the next window", () => {
    const counter = new FixedWindowCounter();
    const t0 = 1_800_000_000_000; // an exact window start
    expect(counter.hit("k", 2, t0)).toBeNull();
    expect(counter.hit("k", 2, t0 + 10)).toBeNull();
    expect(counter.hit("k", 2, t0 + 15_000)).toBe(45);
    expect(counter.hit("other", 2, t0 + 15_000)).toBeNull();
    expect(counter.hit("k", 2, t0 + 60_000)).toBeNull();
  });
});

describe("rack-attack throttles", () => {
  let h: Harness;
  let now = 1_800_000_000_000;
  afterEach(() => h.close());

  it("throttles per IP with 429 text/plain 'Retry later' and no Retry-After by default", async () => {
    h = await startSim({ rateLimits: { perIpPerMinute: 3 }, now: () => now });
    for (let i = 0; i < 3; i++) expect((await h.api("GET", "/api/v1/profile")).status).toBe(200);
    const res = await h.api("GET", "/api/v1/profile");
    expect(res.status).toBe(429);
    expect(res.text).toBe("Retry later\n");
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(res.headers.get("retry-after")).toBeNull();
    // The control API is never throttled.
    expect((await h.api("GET", "/_sim/agents")).status).toBe(200);
    now += 60_000;
    expect((await h.api("GET", "/api/v1/profile")).status).toBe(200);
  });

  it("throttles contact search per account and can send Retry-After", async () => {
    now = 1_800_000_000_000;
    h = await startSim({ rateLimits: { contactSearchPerMinute: 2, retryAfterHeader: true }, now: () => now });
    const search = () => h.api("GET", `${h.account}/contacts/search?q=a`);
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(200);
    const res = await search();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("60");
    expect((await h.api("GET", `${h.account}/contacts`)).status).toBe(200);
  });

  it("throttles conversations/meta per user token", async () => {
    h = await startSim({ rateLimits: { conversationsMetaPerMinute: 1 } });
    expect((await h.api("GET", `${h.account}/conversations/meta`)).status).toBe(200);
    expect((await h.api("GET", `${h.account}/conversations/meta`)).status).toBe(429);
    expect((await h.api("GET", `${h.account}/conversations/meta`, { token: "sbCwAgentToken0000000001" })).status).toBe(
      200,
    );
  });
});
