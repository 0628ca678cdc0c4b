import cookie from "@fastify/cookie";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { looksLikeApiKey, roleForScopes } from "./api-keys.ts";
import { REFRESH_COOKIE, refreshCookieOptions } from "./cookies.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
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

describe("cookies and keys", () => {
  it("sets the refresh cookie httpOnly, SameSite=Strict, Secure when asked, and reads it back", async () => {
    const app = Fastify();
    await app.register(cookie);
    app.get("/set", (req, reply) => {
      const secure = (req.query as { secure?: string }).secure === "1";
      return reply.setCookie(REFRESH_COOKIE, "a b;c", refreshCookieOptions({ maxAgeSeconds: 60, secure })).send("ok");
    });
    app.get("/read", (req) => ({ value: req.cookies[REFRESH_COOKIE] ?? null }));
    const set = await app.inject({ url: "/set?secure=1" });
    expect(set.headers["set-cookie"]).toMatch(
      /^sb_refresh=a%20b%3Bc; Max-Age=60; Path=\/api; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect((await app.inject({ url: "/set" })).headers["set-cookie"]).not.toContain("Secure");
    const read = await app.inject({ url: "/read", headers: { cookie: "x=1; sb_refresh=a%20b%3Bc" } });
    expect(read.json()).toEqual({ value: "a b;c" });
    await app.close();
  });

  it("maps key scopes onto roles, the highest winning", () => {
    expect(roleForScopes(["read"])).toBe("agent");
    expect(roleForScopes(["read", "write"])).toBe("supervisor");
    expect(roleForScopes(["admin", "read"])).toBe("admin");
    expect(looksLikeApiKey("sbk_key_x_y")).toBe(true);
    expect(looksLikeApiKey("eyJ.a.b")).toBe(false);
  });
});
