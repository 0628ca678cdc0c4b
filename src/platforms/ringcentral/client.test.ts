import { afterEach, describe, expect, it, vi } from "vitest";
import {
  fakeClock,
  fakeRingcentral,
  json,
  makeClient,
  tokenBody,
} from "../../../test/helpers/ringcentral-client-kit.ts";

const PRESENCE = { userStatus: "Available", dndStatus: "TakeAllCalls", presenceStatus: "Available" };
const presenceOk = () => json(200, PRESENCE);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("authentication", () => {
  it("logs in with the JWT grant using Basic client credentials, then sends the bearer token", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(presenceOk);
    const result = await makeClient(clock).getPresence("42");
    expect(result).toMatchObject({ ok: true, value: { userStatus: "Available" } });

    const [login] = rc.tokenCalls();
    expect(login?.method).toBe("POST");
    expect(login?.headers.authorization).toBe(`Basic ${Buffer.from("cid:csecret").toString("base64")}`);
    expect(login?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(login?.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(form.get("assertion")).toBe("jwt-assertion");

    const [api] = rc.apiCalls();
    expect(api?.url.pathname).toBe("/restapi/v1.0/account/~/extension/42/presence");
    expect(api?.headers.authorization).toBe("Bearer access-1");
  });

  it("caches the token across calls and shares one login between concurrent callers", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(presenceOk);
    const client = makeClient(clock);
    await Promise.all([client.getPresence(), client.getPresence(), client.getPresence()]);
    await client.getPresence();
    expect(rc.tokenCalls()).toHaveLength(1);
    expect(rc.apiCalls()).toHaveLength(4);
  });

  it("refreshes proactively before expiry with the refresh token", async () => {
    const { clock, advance } = fakeClock();
    const rc = fakeRingcentral(presenceOk);
    const client = makeClient(clock);
    await client.getPresence();
    advance(3600_000 - 59_000);
    await client.getPresence();
    const refresh = new URLSearchParams(rc.tokenCalls()[1]?.body);
    expect(refresh.get("grant_type")).toBe("refresh_token");
    expect(refresh.get("refresh_token")).toBe("refresh-1");
    expect(rc.apiCalls()[1]?.headers.authorization).toBe("Bearer access-2");
  });

  it("logs in again with the JWT when the refresh token is spent", async () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const rc = fakeRingcentral(presenceOk, (req) => {
      n += 1;
      if (new URLSearchParams(req.body).get("grant_type") === "refresh_token") {
        return json(400, { error: "invalid_grant", error_description: "Token is expired", errors: [] });
      }
      return json(200, tokenBody(n));
    });
    const client = makeClient(clock);
    await client.getPresence();
    advance(3600_000);
    const result = await client.getPresence();
    expect(result.ok).toBe(true);
    const grants = rc.tokenCalls().map((r) => new URLSearchParams(r.body).get("grant_type"));
    expect(grants).toEqual([
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
      "refresh_token",
      "urn:ietf:params:oauth:grant-type:jwt-bearer",
    ]);
    expect(rc.apiCalls()[1]?.headers.authorization).toBe("Bearer access-3");
  });

  it("keeps the still-valid token when a proactive refresh fails transiently", async () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const rc = fakeRingcentral(presenceOk, (req) => {
      n += 1;
      const refreshing = new URLSearchParams(req.body).get("grant_type") === "refresh_token";
      return refreshing ? json(503, { errorCode: "CMN-211", message: "down" }) : json(200, tokenBody(n));
    });
    const client = makeClient(clock);
    await client.getPresence();
    advance(3600_000 - 30_000);
    expect((await client.getPresence()).ok).toBe(true);
    expect(rc.apiCalls()[1]?.headers.authorization).toBe("Bearer access-1");
  });

  it("re-authenticates exactly once after a 401 and retries the call", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral((req) =>
      req.headers.authorization === "Bearer access-1"
        ? json(401, { errorCode: "OAU-149", message: "Invalid access token" })
        : presenceOk(),
    );
    const result = await makeClient(clock).getPresence();
    expect(result.ok).toBe(true);
    expect(rc.tokenCalls()).toHaveLength(2);
    expect(rc.apiCalls().map((r) => r.headers.authorization)).toEqual(["Bearer access-1", "Bearer access-2"]);
  });

  it("gives up after the single retry when the platform keeps answering 401", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(() => json(401, { errorCode: "CMN-405", message: "Login to extension required" }));
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "auth", status: 401, code: "CMN-405", message: "Login to extension required", retryable: false },
    });
    expect(rc.apiCalls()).toHaveLength(2);
    expect(rc.tokenCalls()).toHaveLength(2);
  });

  it("reports a rejected JWT as a non-retryable auth error with the OAuth code", async () => {
    const { clock } = fakeClock();
    const rc = fakeRingcentral(presenceOk, () =>
      json(400, {
        error: "invalid_grant",
        error_description: "Invalid resource owner credentials",
        errors: [{ errorCode: "OAU-140", message: "Invalid resource owner credentials" }],
      }),
    );
    const result = await makeClient(clock).getPresence();
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: "auth",
        status: 400,
        code: "OAU-140",
        message: "Invalid resource owner credentials",
        retryable: false,
      },
    });
    expect(rc.apiCalls()).toHaveLength(0);
  });
});
