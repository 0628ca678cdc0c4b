import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseError, parseReply } from "../../test/helpers/contract.ts";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { call, cookieOf, login, newWorkspace, signedIn } from "../../test/helpers/sessions.ts";
import { createUser } from "../auth/users.ts";
import { auditLog } from "../db/schema/index.ts";
import { createdApiKeySchema, createdUserSchema, meSchema, sessionSchema } from "./auth-contracts.ts";

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ env: { LOGIN_MAX_FAILURES: "3", LOGIN_WINDOW_SECONDS: "600" } });
});
afterAll(async () => hub?.stop());

describe("login, refresh, logout", () => {
  it("signs in: a JWT in the body, the refresh token only in an httpOnly SameSite cookie", async () => {
    await createUser(hub.deps.database.db, {
      workspaceId: hub.workspaceId,
      email: "Ann@Example.test",
      name: "Ann",
      role: "supervisor",
      password: "ann-password-123",
    });
    const res = await login(hub, "ann@example.TEST", "ann-password-123");
    expect(res.status).toBe(200);
    const body = parseReply(sessionSchema, res);
    expect(body.user).toMatchObject({ email: "ann@example.test", role: "supervisor" });
    expect(body.expiresIn).toBe(900);
    expect(JSON.stringify(body)).not.toContain(cookieOf(res.headers).split("=")[1]);
    expect(res.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
    const me = await call(hub, "GET", "/api/auth/me", { token: body.accessToken });
    expect(me.body).toMatchObject({
      role: "supervisor",
      via: "session",
      workspaceId: hub.workspaceId,
      user: { email: "ann@example.test" },
    });
  });

  it("answers a wrong password and an unknown email alike, and audits both", async () => {
    await createUser(hub.deps.database.db, {
      workspaceId: hub.workspaceId,
      email: "bob@example.test",
      name: "Bob",
      role: "agent",
      password: "bob-password-123",
    });
    const wrong = await login(hub, "bob@example.test", "nope-nope-nope", { "x-forwarded-for": "10.0.0.1" });
    const unknown = await login(hub, "nobody@example.test", "nope-nope-nope", { "x-forwarded-for": "10.0.0.2" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(parseError(wrong, 401).message).toBe(parseError(unknown, 401).message);
    const failures = await hub.deps.database.db.select().from(auditLog).where(eq(auditLog.action, "auth.login_failed"));
    expect(failures.map((f) => f.details.reason).sort()).toEqual(["unknown_email", "wrong_password"]);
  });

  it("rate-limits failed logins per email with 429 and Retry-After, even with the right password", async () => {
    await createUser(hub.deps.database.db, {
      workspaceId: hub.workspaceId,
      email: "carl@example.test",
      name: "Carl",
      role: "agent",
      password: "carl-password-123",
    });
    for (let i = 0; i < 3; i++)
      expect(
        (await login(hub, "carl@example.test", "wrong-password!", { "x-forwarded-for": `10.1.0.${i}` })).status,
      ).toBe(401);
    const blocked = await login(hub, "carl@example.test", "carl-password-123", { "x-forwarded-for": "10.1.0.9" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login(hub, "ann@example.test", "ann-password-123", { "x-forwarded-for": "10.1.0.9" })).status).toBe(
      200,
    );
  });

  it("rotates the refresh token; replaying a rotated one revokes the whole session", async () => {
    const s = await signedIn(hub, "agent");
    const first = await call(hub, "POST", "/api/auth/refresh", { cookie: s.cookie });
    expect(first.status).toBe(200);
    const rotated = cookieOf(first.headers);
    expect(rotated).not.toBe(s.cookie);
    const second = await call(hub, "POST", "/api/auth/refresh", { cookie: rotated });
    expect(second.status).toBe(200);
    const latest = cookieOf(second.headers);
    // Past the grace window, the first (rotated) token is a stolen copy: the family dies, latest included.
    const realNow = hub.deps.now;
    hub.deps.now = () => realNow() + 60_000;
    try {
      expect((await call(hub, "POST", "/api/auth/refresh", { cookie: s.cookie })).status).toBe(401);
      expect((await call(hub, "POST", "/api/auth/refresh", { cookie: latest })).status).toBe(401);
    } finally {
      hub.deps.now = realNow;
    }
    const reuse = await hub.deps.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.refresh_reused"), eq(auditLog.target, s.userId)));
    expect(reuse).toHaveLength(1);
  });

  it("logout revokes the refresh token and clears the cookie", async () => {
    const s = await signedIn(hub, "agent");
    const out = await call(hub, "POST", "/api/auth/logout", { cookie: s.cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/sb_refresh=; .*Max-Age=0/);
    expect((await call(hub, "POST", "/api/auth/refresh", { cookie: s.cookie })).status).toBe(401);
  });

  it("ends a user's tokens at once when an admin changes their role or disables them", async () => {
    const admin = await signedIn(hub, "admin");
    const agent = await signedIn(hub, "agent");
    expect((await call(hub, "GET", "/api/auth/me", { token: agent.accessToken })).status).toBe(200);
    const patched = await call(hub, "PATCH", `/api/users/${agent.userId}`, {
      token: admin.accessToken,
      body: { role: "supervisor" },
    });
    expect(patched.status).toBe(200);
    expect((await call(hub, "GET", "/api/auth/me", { token: agent.accessToken })).status).toBe(401);
    const again = await call(hub, "POST", "/api/auth/refresh", { cookie: agent.cookie });
    expect(again.status).toBe(401);
  });

  it("changes a password: the old one stops working, a new session starts", async () => {
    const s = await signedIn(hub, "agent", { email: "dora@example.test", password: "dora-password-1" });
    const changed = await call(hub, "PUT", "/api/auth/password", {
      token: s.accessToken,
      body: { currentPassword: "dora-password-1", newPassword: "dora-password-2" },
    });
    const session = parseReply(sessionSchema, changed);
    expect((await call(hub, "GET", "/api/auth/me", { token: s.accessToken })).status).toBe(401);
    parseReply(meSchema, await call(hub, "GET", "/api/auth/me", { token: session.accessToken }));
    expect((await login(hub, "dora@example.test", "dora-password-1")).status).toBe(401);
    expect((await login(hub, "dora@example.test", "dora-password-2")).status).toBe(200);
  });
});

describe("users and API keys", () => {
  it("creates a user with a generated password shown once, and refuses a duplicate email", async () => {
    const created = await hub.api("POST", "/api/users", { email: "eve@example.test", name: "Eve", role: "agent" });
    const { password } = parseReply(createdUserSchema, created, 201);
    if (password === null) throw new Error("no generated password");
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await login(hub, "eve@example.test", password)).status).toBe(200);
    const list = await hub.api("GET", "/api/users");
    expect(JSON.stringify(list.body)).not.toContain(password);
    expect(JSON.stringify(list.body)).not.toContain("argon2");
    expect(
      (await hub.api("POST", "/api/users", { email: "EVE@example.test", name: "Eve 2", role: "agent" })).status,
    ).toBe(409);
  });

  it("keeps the last admin: it cannot be demoted, disabled or deleted", async () => {
    const ws = await newWorkspace(hub, "solo");
    const admin = await signedIn(hub, "admin", { workspaceId: ws });
    expect(
      (await call(hub, "PATCH", `/api/users/${admin.userId}`, { token: admin.accessToken, body: { role: "agent" } }))
        .status,
    ).toBe(409);
    expect(
      (await call(hub, "PATCH", `/api/users/${admin.userId}`, { token: admin.accessToken, body: { disabled: true } }))
        .status,
    ).toBe(409);
    expect((await call(hub, "DELETE", `/api/users/${admin.userId}`, { token: admin.accessToken })).status).toBe(409);
  });

  it("API keys: shown once, stored hashed, scopes become roles, revocation is immediate", async () => {
    const created = await hub.api("POST", "/api/api-keys", { name: "reporting", scopes: ["read"] });
    const { key, apiKey } = parseReply(createdApiKeySchema, created, 201);
    expect(apiKey.role).toBe("agent");
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(JSON.stringify((await hub.api("GET", "/api/api-keys")).body)).not.toContain(key);
    expect((await call(hub, "GET", "/api/conversations", { token: key })).status).toBe(200);
    expect((await call(hub, "GET", "/api/commands", { token: key })).status).toBe(403);
    expect((await call(hub, "GET", "/api/auth/me", { token: key })).body).toMatchObject({
      role: "agent",
      via: "api-key",
    });
    expect((await call(hub, "GET", "/api/conversations", { token: `${key.slice(0, -2)}xx` })).status).toBe(401);
    expect((await hub.api("DELETE", `/api/api-keys/${apiKey.id}`)).status).toBe(204);
    expect((await call(hub, "GET", "/api/conversations", { token: key })).status).toBe(401);
  });

  it("writes admin actions to the audit log", async () => {
    const rows = await hub.deps.database.db.select().from(auditLog).where(eq(auditLog.workspaceId, hub.workspaceId));
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      "user.created",
      "user.updated",
      "api_key.created",
      "api_key.revoked",
      "auth.login",
      "auth.password_changed",
    ])
      expect(actions).toContain(a);
  });
});
