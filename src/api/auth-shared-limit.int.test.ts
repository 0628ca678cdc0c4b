import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../test/helpers/hub.ts";
import { createUser } from "../auth/users.ts";
import { createDeps, type Deps } from "../deps.ts";
import { buildApp } from "../http/app.ts";
import { createLogger } from "../lib/logger.ts";

/**
 * Two web processes over one database (two Fastify apps, each with its own pool) spend one budget of failed
 * sign-ins: the limit lives in PostgreSQL (rate-limiter-flexible), not in either process.
 */
let hub: TestHub;
let otherDeps: Deps;
let other: FastifyInstance;

beforeAll(async () => {
  hub = await startTestHub({ env: { LOGIN_MAX_FAILURES: "3", LOGIN_WINDOW_SECONDS: "600" } });
  otherDeps = createDeps(hub.deps.config, hub.deps.database.url, createLogger("silent"));
  other = await buildApp(otherDeps, {
    workspaceId: hub.workspaceId,
    worker: { mode: "external", running: () => false },
  });
  await createUser(hub.deps.database.db, {
    workspaceId: hub.workspaceId,
    email: "dora@example.test",
    name: "Dora",
    role: "agent",
    password: "dora-password-123",
  });
});
afterAll(async () => {
  await other?.close();
  await otherDeps?.database.close();
  await hub?.stop();
});

const loginAt = async (app: FastifyInstance, password: string, address: string) =>
  app.inject({
    method: "POST",
    url: "/api/auth/login",
    headers: { "x-forwarded-for": address },
    payload: { email: "dora@example.test", password },
  });

describe("the login limit across web processes", () => {
  it("counts failures made at either app, and both refuse once the budget is spent", async () => {
    expect((await loginAt(hub.app, "wrong-password!", "10.2.0.1")).statusCode).toBe(401);
    expect((await loginAt(other, "wrong-password!", "10.2.0.2")).statusCode).toBe(401);
    // One more failure anywhere spends the budget of three; the right password no longer helps, at either app.
    expect((await loginAt(hub.app, "wrong-password!", "10.2.0.3")).statusCode).toBe(401);
    const atOther = await loginAt(other, "dora-password-123", "10.2.0.4");
    expect(atOther.statusCode).toBe(429);
    expect(Number(atOther.headers["retry-after"])).toBeGreaterThan(0);
    expect((await loginAt(hub.app, "dora-password-123", "10.2.0.5")).statusCode).toBe(429);
  });
});
