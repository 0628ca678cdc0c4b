import { describe, expect, it } from "vitest";
import { looksLikeApiKey, roleForScopes } from "./api-keys.ts";
import { parseCookies, refreshCookie } from "./cookies.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { FailureLimiter } from "./rate-limit.ts";
import { looksLikeJwt, signAccessToken, signingKey, verifyAccessToken } from "./tokens.ts";

const key = signingKey(Buffer.alloc(32, 7));
const claims = { sub: "usr_1", wsp: "wsp_1", role: "supervisor" as const, ver: 3 };

describe("access tokens", () => {
  it("round-trips the claims until the token expires", async () => {
    const token = await signAccessToken(key, claims, 900, 1_000_000);
    expect(looksLikeJwt(token)).toBe(true);
    expect(await verifyAccessToken(key, token, 1_000_000 + 899_000)).toEqual({ ok: true, value: claims });
    expect(await verifyAccessToken(key, token, 1_000_000 + 901_000)).toEqual({ ok: false, error: "expired" });
  });

  it("rejects another key's token, a tampered one, and `alg: none`", async () => {
    const token = await signAccessToken(key, claims, 900, 0);
    const other = signingKey(Buffer.alloc(32, 8));
    expect((await verifyAccessToken(other, token, 0)).ok).toBe(false);
    const [h, p, s] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...claims, role: "admin", iss: "switchboard", aud: "switchboard-api", exp: 9e9 }),
    ).toString("base64url");
    expect(await verifyAccessToken(key, `${h}.${forged}.${s}`, 0)).toEqual({ ok: false, error: "invalid" });
    const none = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
    expect(await verifyAccessToken(key, `${none}.${p}.`, 0)).toEqual({ ok: false, error: "invalid" });
  });

  it("derives the signing key from SECRET_KEY rather than using it", () => {
    expect(Buffer.from(signingKey(Buffer.alloc(32, 7))).equals(Buffer.alloc(32, 7))).toBe(false);
  });
});

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });
});

describe("login failure limiter", () => {
  it("blocks a key after max failures until its window ends; a reset clears it", () => {
    let now = 0;
    const limiter = new FailureLimiter({ max: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
    }
    expect(limiter.retryAfterMs("a")).toBe(60_000);
    expect(limiter.retryAfterMs("b")).toBe(0);
    now = 59_999;
    expect(limiter.retryAfterMs("a")).toBe(1);
    now = 60_000;
    expect(limiter.retryAfterMs("a")).toBe(0);
    limiter.fail("b");
    limiter.fail("b");
    limiter.fail("b");
    limiter.reset("b");
    expect(limiter.retryAfterMs("b")).toBe(0);
  });
});

describe("cookies and keys", () => {
  it("sets the refresh cookie httpOnly, SameSite=Strict, Secure when asked, and reads it back", () => {
    const header = refreshCookie("a b;c", { maxAgeSeconds: 60, secure: true });
    expect(header).toMatch(/^sb_refresh=a%20b%3Bc; Path=\/api; Max-Age=60; HttpOnly; SameSite=Strict; Secure$/);
    expect(parseCookies("x=1; sb_refresh=a%20b%3Bc").get("sb_refresh")).toBe("a b;c");
    expect(refreshCookie("t", { maxAgeSeconds: 60, secure: false })).not.toContain("Secure");
  });

  it("maps key scopes onto roles, the highest winning", () => {
    expect(roleForScopes(["read"])).toBe("agent");
    expect(roleForScopes(["read", "write"])).toBe("supervisor");
    expect(roleForScopes(["admin", "read"])).toBe("admin");
    expect(looksLikeApiKey("sbk_key_x_y")).toBe(true);
    expect(looksLikeApiKey("eyJ.a.b")).toBe(false);
  });
});
