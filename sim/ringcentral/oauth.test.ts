import { afterEach, describe, expect, it } from "vitest";
import { call, errorCodeOf, login, startSim, type TestSim, tokenRequest } from "./test-support.ts";

const JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
let t: TestSim;
afterEach(async () => {
  await t.close();
});

describe("POST /restapi/oauth/token — JWT grant", () => {
  it("issues TokenInfo for a demo user's JWT", async () => {
    t = await startSim();
    const res = await tokenRequest(t, { grant_type: JWT_GRANT, assertion: t.creds.users[2]?.jwt ?? "" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      token_type: "bearer",
      expires_in: 3600,
      refresh_token_expires_in: 604800,
      owner_id: t.creds.users[2]?.extensionId,
    });
    expect(typeof res.json.access_token).toBe("string");
    expect(typeof res.json.session_id).toBe("string");
    expect(String(res.json.scope)).toContain("ReadPresence");
  });

  it("honours a configured access-token lifetime and ignores ttl values it does not understand", async () => {
    t = await startSim({ accessTokenTtlSec: 120 });
    const res = await tokenRequest(t, {
      grant_type: JWT_GRANT,
      assertion: t.creds.users[0]?.jwt ?? "",
      access_token_ttl: "-1",
    });
    expect(res.json.expires_in).toBe(120);
  });

  it("demands client authentication (RFC 6749 + RingCentral error list)", async () => {
    t = await startSim();
    const none = await tokenRequest(t, { grant_type: JWT_GRANT, assertion: "x" }, "");
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({
      error: "invalid_client",
      error_description: "Client authentication is required",
    });
    expect(errorCodeOf(none)).toBe("OAU-123");
    const wrong = await tokenRequest(
      t,
      { grant_type: JWT_GRANT, assertion: "x" },
      `Basic ${Buffer.from("a:b").toString("base64")}`,
    );
    expect(wrong.status).toBe(401);
    expect(errorCodeOf(wrong)).toBe("OAU-146");
  });

  it("rejects a forged or unknown JWT with invalid_grant", async () => {
    t = await startSim();
    const jwt = t.creds.users[0]?.jwt ?? "";
    const forged = `${jwt.slice(0, -4)}AAAA`;
    const res = await tokenRequest(t, { grant_type: JWT_GRANT, assertion: forged });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("invalid_grant");
    expect(errorCodeOf(res)).toBe("OAU-140");
    const garbage = await tokenRequest(t, { grant_type: JWT_GRANT, assertion: "not-a-jwt" });
    expect(garbage.status).toBe(400);
    const other = await startSim({ jwtSigningKey: "another-key" });
    const foreign = await tokenRequest(t, { grant_type: JWT_GRANT, assertion: other.creds.users[0]?.jwt ?? "" });
    await other.close();
    expect(foreign.status).toBe(400);
  });

  it("answers unsupported grants and non-form bodies with 4xx, never 5xx", async () => {
    t = await startSim();
    const password = await tokenRequest(t, { grant_type: "password", username: "a", password: "b" });
    expect(password.status).toBe(400);
    expect(password.json.error).toBe("unsupported_grant_type");
    const json = await call(t.base, "POST", "/restapi/oauth/token", { body: { grant_type: JWT_GRANT } });
    expect(json.status).toBe(415);
  });

  it("keeps each demo JWT stable across sandbox instances with the same key", async () => {
    t = await startSim();
    const again = await startSim();
    expect(again.creds.users.map((u) => u.jwt)).toEqual(t.creds.users.map((u) => u.jwt));
    await again.close();
  });
});

describe("refresh, expiry and revocation", () => {
  it("rotates tokens; a refresh token is single-use and the old access token dies", async () => {
    t = await startSim();
    const first = await login(t);
    const refreshed = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.access_token).not.toBe(first.access_token);
    const reuse = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe("invalid_grant");
    expect(errorCodeOf(reuse)).toBe("OAU-211");
    const old = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: first.access_token });
    expect(old.status).toBe(401);
    expect(errorCodeOf(old)).toBe("OAU-213");
    const fresh = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", {
      token: String(refreshed.json.access_token),
    });
    expect(fresh.status).toBe(200);
  });

  it("optionally allows the documented short reuse of a refresh token (same result)", async () => {
    t = await startSim({ refreshReuseGraceSec: 10 });
    const first = await login(t);
    const a = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    const b = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(b.status).toBe(200);
    expect(b.json.access_token).toBe(a.json.access_token);
  });

  it("expires access tokens on the clock", async () => {
    let now = Date.parse("2025-03-01T10:00:00Z");
    t = await startSim({ clock: () => now, accessTokenTtlSec: 60 });
    const tokens = await login(t);
    now += 59_000;
    expect(
      (await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: tokens.access_token })).status,
    ).toBe(200);
    now += 2_000;
    const expired = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: tokens.access_token });
    expect(expired.status).toBe(401);
    expect(errorCodeOf(expired)).toBe("OAU-128");
  });

  it("/_sim/tokens/expire forces a refresh; /_sim/tokens/revoke forces a new login", async () => {
    t = await startSim();
    const a = await login(t, 0);
    const b = await login(t, 1);
    expect((await call(t.base, "POST", "/_sim/tokens/expire", { body: { extensionId: "101" } })).json).toEqual({
      expired: 1,
    });
    expect((await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: a.access_token })).status).toBe(
      401,
    );
    expect((await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: b.access_token })).status).toBe(
      200,
    );
    const refreshed = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: a.refresh_token });
    expect(refreshed.status).toBe(200);

    expect((await call(t.base, "POST", "/_sim/tokens/revoke", { body: { extensionId: "102" } })).json).toEqual({
      revoked: 1,
    });
    expect((await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: b.access_token })).status).toBe(
      401,
    );
    const dead = await tokenRequest(t, { grant_type: "refresh_token", refresh_token: b.refresh_token });
    expect(dead.status).toBe(400);
    expect((await login(t, 1)).owner_id).toBe(t.creds.users[1]?.extensionId);
  });

  it("POST /restapi/oauth/revoke ends the whole session", async () => {
    t = await startSim();
    const tokens = await login(t);
    const res = await call(t.base, "POST", "/restapi/oauth/revoke", {
      headers: {
        authorization: `Basic ${Buffer.from(`${t.creds.clientId}:${t.creds.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: `token=${encodeURIComponent(tokens.access_token)}`,
    });
    expect(res.status).toBe(200);
    expect(
      (await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", { token: tokens.access_token })).status,
    ).toBe(401);
    expect((await tokenRequest(t, { grant_type: "refresh_token", refresh_token: tokens.refresh_token })).status).toBe(
      400,
    );
  });
});

describe("bearer authentication on REST calls", () => {
  it("answers 401 with RingCentral error codes", async () => {
    t = await startSim();
    const none = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/presence");
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ errorCode: "CMN-405", errors: [{ errorCode: "CMN-405" }] });
    const basic = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/presence", {
      headers: { authorization: "Basic abc" },
    });
    expect(errorCodeOf(basic)).toBe("OAU-151");
    const unknown = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~/presence", { token: "nope" });
    expect(errorCodeOf(unknown)).toBe("OAU-213");
  });

  it("accepts the SDK's lower-case `bearer` scheme", async () => {
    t = await startSim();
    const tokens = await login(t);
    const res = await call(t.base, "GET", "/restapi/v1.0/account/~/extension/~", {
      headers: { authorization: `bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(200);
  });
});
