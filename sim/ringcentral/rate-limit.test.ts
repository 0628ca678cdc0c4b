import { afterEach, describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit.ts";
import { call, errorCodeOf, login, startSim, type TestSim, tokenRequest } from "./test-support.ts";

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe("RateLimiter", () => {
  it("refuses past the limit and restarts the penalty on every refused request", () => {
    let now = 0;
    const limiter = new RateLimiter({ Light: 2, Medium: 2, Heavy: 2, Auth: 2 }, 60, 60, () => now);
    expect(limiter.hit("app:u1", "Heavy")?.remaining).toBe(1);
    expect(limiter.hit("app:u1", "Heavy")?.remaining).toBe(0);
    expect(limiter.hit("app:u1", "Heavy")).toMatchObject({ allowed: false, retryAfterSec: 60 });
    // Other groups and other users are counted apart.
    expect(limiter.hit("app:u1", "Light")?.allowed).toBe(true);
    expect(limiter.hit("app:u2", "Heavy")?.allowed).toBe(true);
    now = 30_000;
    expect(limiter.hit("app:u1", "Heavy")?.allowed).toBe(false); // restarts the penalty: until 90 s
    now = 61_000;
    expect(limiter.hit("app:u1", "Heavy")?.allowed).toBe(false); // restarts again: until 121 s
    now = 122_000;
    expect(limiter.hit("app:u1", "Heavy")?.allowed).toBe(true);
  });

  it("slides the window", () => {
    let now = 0;
    const limiter = new RateLimiter({ Light: 2, Medium: 2, Heavy: 2, Auth: 2 }, 60, 60, () => now);
    limiter.hit("k", "Light");
    now = 30_000;
    limiter.hit("k", "Light");
    now = 60_001;
    expect(limiter.hit("k", "Light")).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe("usage-plan groups over HTTP", () => {
  it("sends X-Rate-Limit-* headers with the route's group on every response", async () => {
    t = await startSim({ rateLimits: {} });
    const tokens = await login(t);
    const light = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/presence", {
      token: tokens.access_token,
    });
    expect(light.headers.get("x-rate-limit-group")).toBe("light");
    expect(light.headers.get("x-rate-limit-limit")).toBe("50");
    expect(light.headers.get("x-rate-limit-remaining")).toBe("49");
    expect(light.headers.get("x-rate-limit-window")).toBe("60");
    const medium = await call(t.base, "GET", "/restapi/v1.0/account/~/extension", { token: tokens.access_token });
    expect(medium.headers.get("x-rate-limit-group")).toBe("medium");
    expect(medium.headers.get("x-rate-limit-limit")).toBe("40");
    const heavy = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/call-log", {
      token: tokens.access_token,
    });
    expect(heavy.headers.get("x-rate-limit-group")).toBe("heavy");
    const put = await call(t.base, "PUT", "/restapi/v1.0/account/~/extension/~/presence", {
      token: tokens.access_token,
      body: {},
    });
    expect(put.headers.get("x-rate-limit-group")).toBe("medium");
  });

  it("answers 429 + Retry-After + CMN-301 past the limit, per user", async () => {
    t = await startSim({ rateLimits: { Heavy: 2 } });
    const a = await login(t, 0);
    const b = await login(t, 1);
    const path = "/restapi/v1.0/account/~/extension/~/address-book/contact";
    expect((await call(t.base, "GET", path, { token: a.access_token })).status).toBe(200);
    expect((await call(t.base, "GET", path, { token: a.access_token })).status).toBe(200);
    const limited = await call(t.base, "GET", path, { token: a.access_token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("x-rate-limit-remaining")).toBe("0");
    expect(limited.json).toMatchObject({ errorCode: "CMN-301", message: "Request rate exceeded" });
    expect(errorCodeOf(limited)).toBe("CMN-301");
    expect((await call(t.base, "GET", path, { token: b.access_token })).status).toBe(200);
    expect((await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: a.access_token })).status).toBe(
      200,
    );
    await call(t.base, "DELETE", "/_sim/rate-limits");
    expect((await call(t.base, "GET", path, { token: a.access_token })).status).toBe(200);
  });

  it("lifts the penalty after the penalty time without requests", async () => {
    let now = Date.parse("2025-03-01T10:00:00Z");
    t = await startSim({ rateLimits: { Light: 1 }, clock: () => now });
    const tokens = await login(t);
    const path = "/restapi/v1.0/account/~/extension/~";
    expect((await call(t.base, "GET", path, { token: tokens.access_token })).status).toBe(200);
    expect((await call(t.base, "GET", path, { token: tokens.access_token })).status).toBe(429);
    now += 61_000;
    expect((await call(t.base, "GET", path, { token: tokens.access_token })).status).toBe(200);
  });

  it("limits the token endpoint as the Auth group", async () => {
    t = await startSim({ rateLimits: { Auth: 2 } });
    await login(t);
    await login(t);
    const third = await tokenRequest(t, {
      grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
      assertion: t.creds.users[0]?.jwt ?? "",
    });
    expect(third.status).toBe(429);
    expect(third.headers.get("x-rate-limit-group")).toBe("auth");
  });

  it("can be switched off", async () => {
    t = await startSim({ rateLimits: false });
    const tokens = await login(t);
    const res = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: tokens.access_token });
    expect(res.headers.get("x-rate-limit-group")).toBeNull();
  });
});
