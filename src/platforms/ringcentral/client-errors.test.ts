import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeClock, fakeRingcentral, json, makeClient } from "../../../test/helpers/ringcentral-client-kit.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("error classification", () => {
  it("429 with Retry-After is retryable with that delay and the platform's code", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() =>
      json(429, { errorCode: "CMN-301", message: "Request rate exceeded" }, { "retry-after": "7" }),
    );
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "http", status: 429, code: "CMN-301", retryable: true, retryAfterMs: 7000 },
    });
  });

  it("429 without Retry-After waits out the 60 s penalty", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() => json(429, { errorCode: "CMN-301", message: "Request rate exceeded" }));
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({ ok: false, error: { retryable: true, retryAfterMs: 60_000 } });
  });

  it("after a 429 the group sends nothing more until the penalty ends; other groups are unaffected", async () => {
    const { clock, advance } = fakeClock();
    let status = 429;
    const rc = fakeRingcentral((req) =>
      req.method === "GET" && status === 429
        ? json(
            429,
            { errorCode: "CMN-301", message: "slow down" },
            { "retry-after": "30", "x-rate-limit-group": "light" },
          )
        : json(200, { userStatus: "Busy" }),
    );
    const client = makeClient(clock, { maxRateLimitWaitMs: 1_000 });
    await client.getPresence();
    status = 200;
    const blocked = await client.getPresence();
    expect(blocked).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED_LOCALLY", retryable: true, retryAfterMs: 30_000 },
    });
    expect(rc.apiCalls()).toHaveLength(1);
    expect((await client.updatePresence("1", { userStatus: "Busy" })).ok).toBe(true);
    advance(30_000);
    expect((await client.getPresence()).ok).toBe(true);
  });

  it("500 is retryable", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() => json(500, { errorCode: "CMN-201", message: "Service temporary unavailable" }));
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({ ok: false, error: { status: 500, code: "CMN-201", retryable: true } });
  });

  it("400 is not retryable and carries the platform's message (spec errors[] form)", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() =>
      json(400, {
        errors: [
          { errorCode: "CMN-101", message: "Parameter [userStatus] value is invalid", parameterName: "userStatus" },
        ],
      }),
    );
    const result = await makeClient(clock).updatePresence("1", { userStatus: "Busy" });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: "http",
        status: 400,
        code: "CMN-101",
        message: "Parameter [userStatus] value is invalid (parameter userStatus)",
        retryable: false,
      },
    });
  });

  it("prefers the legacy top-level errorCode/message when both forms are present", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() =>
      json(404, {
        errorCode: "CMN-102",
        message: "Resource for parameter [extensionId] is not found",
        errors: [{ errorCode: "CMN-102", message: "Resource for parameter [extensionId] is not found" }],
      }),
    );
    const result = await makeClient(clock).getPresence("999");
    expect(result).toMatchObject({
      ok: false,
      error: { status: 404, code: "CMN-102", message: "Resource for parameter [extensionId] is not found" },
    });
  });

  it("a success body that does not match the schema is an invalid_response", async () => {
    const { clock } = fakeClock();
    fakeRingcentral(() => json(200, { userStatus: "Sleeping" }));
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({ ok: false, error: { kind: "invalid_response", retryable: false } });
  });

  it("a network failure is retryable", async () => {
    const { clock } = fakeClock();
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({ ok: false, error: { kind: "network", retryable: true } });
  });
});

describe("proactive rate limiting", () => {
  it("waits out the window when X-Rate-Limit-Remaining hits 0, before RingCentral says 429", async () => {
    const { clock, sleeps } = fakeClock();
    let remaining = 2;
    const rc = fakeRingcentral(() => {
      remaining = Math.max(0, remaining - 1);
      return json(
        200,
        { userStatus: "Available" },
        {
          "x-rate-limit-group": "light",
          "x-rate-limit-limit": "2",
          "x-rate-limit-remaining": String(remaining),
          "x-rate-limit-window": "60",
        },
      );
    });
    const client = makeClient(clock, { maxRateLimitWaitMs: 120_000 });
    await client.getPresence();
    await client.getPresence();
    expect(sleeps).toEqual([]);
    await client.getPresence();
    expect(sleeps).toEqual([60_000]);
    expect(rc.apiCalls()).toHaveLength(3);
  });

  it("returns a retryable error instead of waiting longer than maxRateLimitWaitMs", async () => {
    const { clock, sleeps } = fakeClock();
    const rc = fakeRingcentral(() => json(200, { records: [] }));
    // Contact searches are reads: they leave one of the three Heavy slots to presence reads.
    const client = makeClient(clock, { maxRateLimitWaitMs: 1_000, rateLimits: { Heavy: 3 } });
    await client.searchContacts({ phoneNumber: "+1" });
    await client.searchContacts({ phoneNumber: "+1" });
    const third = await client.searchContacts({ phoneNumber: "+1" });
    expect(third).toMatchObject({ ok: false, error: { code: "RATE_LIMITED_LOCALLY", retryAfterMs: 60_000 } });
    expect(sleeps).toEqual([]);
    expect(rc.apiCalls()).toHaveLength(2);
  });

  it("never waits in-process for a Team Messaging slot, so the agent's queue is free for presence", async () => {
    const { clock, sleeps } = fakeClock();
    const rc = fakeRingcentral(() => json(200, { id: "p1" }));
    const client = makeClient(clock, { maxRateLimitWaitMs: 120_000, rateLimits: { Medium: 4 } });
    const sent = () => rc.apiCalls().length;
    for (let i = 0; i < 3; i++) expect((await client.createPost("c1", { text: "hi" })).ok).toBe(true);
    const fourth = await client.createPost("c1", { text: "hi" });
    expect(fourth).toMatchObject({ ok: false, error: { waitingFor: "RingCentral's Medium budget" } });
    expect(sleeps).toEqual([]);
    expect(sent()).toBe(3);
    // Presence may still use the slot Team Messaging left.
    expect((await client.updatePresence("1", { userStatus: "Busy" })).ok).toBe(true);
  });

  it("counts token requests in the Auth group (5 per minute)", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => json(401, { errorCode: "OAU-149", message: "Invalid token" }));
    const client = makeClient(clock, { maxRateLimitWaitMs: 0 });
    const results = [];
    // Each call: 401 → one re-authentication → 401. The fifth call's re-authentication would be the sixth grant.
    for (let i = 0; i < 5; i++) results.push(await client.getPresence());
    expect(rc.tokenCalls()).toHaveLength(5);
    expect(results[3]).toMatchObject({ ok: false, error: { code: "OAU-149" } });
    expect(results[4]).toMatchObject({ ok: false, error: { code: "RATE_LIMITED_LOCALLY" } });
  });
});
