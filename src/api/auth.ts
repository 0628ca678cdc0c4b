import { eq, sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { REFRESH_COOKIE, refreshCookieOptions } from "../auth/cookies.ts";
import { hashPassword, passwordSchema, verifyAgainstNothing, verifyPassword } from "../auth/passwords.ts";
import {
  issueRefreshToken,
  revokeRefreshToken,
  revokeUserSessions,
  rotateRefreshToken,
} from "../auth/refresh-tokens.ts";
import { mintAccessToken, type SessionSettings } from "../auth/session.ts";
import { findUser, findUserByEmail, isActive, toUserDto, type UserRow } from "../auth/users.ts";
import { audit } from "../db/audit.ts";
import type { FailureLimiter } from "../db/rate-limits.ts";
import { users } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { meSchema, sessionSchema } from "./auth-contracts.ts";

export type AuthRouteOptions = {
  settings: SessionSettings;
  /** Failed logins per email and per client address. */
  limiters: { email: FailureLimiter; address: FailureLimiter };
  /** Where failed logins for unknown emails are audited (the default workspace). */
  defaultWorkspaceId: string;
};

/** Sign-in for people: login → short-lived access token + rotating refresh cookie; refresh; logout; me. */
export async function authRoutes(ctx: RouteContext, options: AuthRouteOptions): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["auth"];
  const db = deps.database.db;
  const { settings, limiters } = options;

  const startSession = async (reply: FastifyReply, user: UserRow, familyId?: string) => {
    const refresh = await issueRefreshToken(db, {
      workspaceId: user.workspaceId,
      userId: user.id,
      familyId,
      ttlSeconds: settings.refreshTtlSeconds,
      nowMs: settings.now(),
    });
    setCookie(reply, refresh.token);
    return { ...(await mintAccessToken(settings, user)), tokenType: "Bearer" as const, user: toUserDto(user) };
  };
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(
      REFRESH_COOKIE,
      token,
      refreshCookieOptions({ maxAgeSeconds: settings.refreshTtlSeconds, secure: settings.cookieSecure }),
    );
  const clearCookie = (reply: FastifyReply) =>
    reply.setCookie(REFRESH_COOKIE, "", refreshCookieOptions({ maxAgeSeconds: 0, secure: settings.cookieSecure }));
  const cookieOf = (req: FastifyRequest) => req.cookies[REFRESH_COOKIE];

  r.post(
    "/api/auth/login",
    {
      schema: {
        tags,
        summary:
          "Sign in with email and password: an access token (JWT) in the body, the refresh token as an httpOnly cookie",
        description: "Rate-limited per email and per client address; every failure is written to the audit log.",
        security: [],
        body: z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(1024) }),
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const emailKey = `email:${email}`;
      const addressKey = `ip:${req.ip}`;
      const waits = await Promise.all([
        limiters.email.retryAfterMs(emailKey),
        limiters.address.retryAfterMs(addressKey),
      ]);
      const waitMs = Math.max(...waits);
      if (waitMs > 0) {
        reply.header("retry-after", String(Math.ceil(waitMs / 1000)));
        throw new ApiError("rate_limited", "too many failed sign-ins; try again later");
      }
      const user = await findUserByEmail(db, email);
      const ok =
        user && isActive(user)
          ? await verifyPassword(user.passwordHash, password)
          : await verifyAgainstNothing(password);
      if (!ok || !user) {
        await Promise.all([limiters.email.fail(emailKey), limiters.address.fail(addressKey)]);
        const reason = !user ? "unknown_email" : !isActive(user) ? "disabled" : "wrong_password";
        await audit(db, {
          workspaceId: user?.workspaceId ?? options.defaultWorkspaceId,
          actor: `login:${email}`,
          action: "auth.login_failed",
          target: user?.id,
          details: { email, address: req.ip, reason },
        });
        throw new ApiError("unauthorized", "email or password is not right");
      }
      await limiters.email.reset(emailKey);
      await db
        .update(users)
        .set({ lastLoginAt: new Date(settings.now()) })
        .where(eq(users.id, user.id));
      await audit(db, {
        workspaceId: user.workspaceId,
        actor: `user:${user.id}`,
        action: "auth.login",
        target: user.id,
        details: { address: req.ip },
      });
      return startSession(reply, user);
    },
  );

  r.post(
    "/api/auth/refresh",
    {
      schema: {
        tags,
        summary: "A new access token from the refresh cookie (which is rotated)",
        security: [],
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const token = cookieOf(req);
      if (!token) throw new ApiError("unauthorized", "no session; sign in");
      const outcome = await rotateRefreshToken(db, token, {
        ttlSeconds: settings.refreshTtlSeconds,
        nowMs: settings.now(),
      });
      if (outcome.kind === "reused") {
        await audit(db, {
          workspaceId: outcome.workspaceId,
          actor: `user:${outcome.userId}`,
          action: "auth.refresh_reused",
          target: outcome.userId,
          details: { address: req.ip },
        });
      }
      const user = outcome.kind === "rotated" ? await findUser(db, outcome.workspaceId, outcome.userId) : undefined;
      if (outcome.kind !== "rotated" || !user || !isActive(user)) {
        clearCookie(reply);
        throw new ApiError("unauthorized", "session expired; sign in again");
      }
      setCookie(reply, outcome.next.token);
      return { ...(await mintAccessToken(settings, user)), tokenType: "Bearer" as const, user: toUserDto(user) };
    },
  );

  r.post(
    "/api/auth/logout",
    {
      schema: {
        tags,
        summary: "End the session: the refresh token (and any sibling) is revoked, the cookie cleared",
        security: [],
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const token = cookieOf(req);
      if (token) {
        const userId = await revokeRefreshToken(db, token, settings.now());
        if (userId) {
          const [row] = await db.select({ workspaceId: users.workspaceId }).from(users).where(eq(users.id, userId));
          if (row)
            await audit(db, {
              workspaceId: row.workspaceId,
              actor: `user:${userId}`,
              action: "auth.logout",
              target: userId,
            });
        }
      }
      clearCookie(reply);
      return reply.code(204).send(null);
    },
  );

  r.get(
    "/api/auth/me",
    {
      onRequest: auth("agent"),
      schema: { tags, summary: "Who the credentials belong to: user, role, workspace", response: { 200: meSchema } },
    },
    async (req) => {
      const p = principalOf(req);
      const user = p.userId ? await findUser(db, p.workspaceId, p.userId) : undefined;
      return {
        actor: p.actor,
        workspaceId: p.workspaceId,
        role: p.role,
        via: p.via ?? null,
        user: user ? toUserDto(user) : null,
      };
    },
  );

  r.put(
    "/api/auth/password",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Change your own password; every session ends and a new one starts",
        body: z.object({ currentPassword: z.string().max(1024), newPassword: passwordSchema }),
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const user = p.userId ? await findUser(db, p.workspaceId, p.userId) : undefined;
      if (!user) throw new ApiError("bad_request", "only a signed-in person has a password");
      if (!(await verifyPassword(user.passwordHash, req.body.currentPassword)))
        throw new ApiError("forbidden", "the current password is not right");
      const [updated] = await db
        .update(users)
        .set({
          passwordHash: await hashPassword(req.body.newPassword),
          tokenVersion: sql`${users.tokenVersion} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(users.id, user.id))
        .returning();
      await revokeUserSessions(db, user.id, settings.now());
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "auth.password_changed", target: user.id });
      return startSession(reply, updated ?? user);
    },
  );
}
