import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findLiveApiKey, looksLikeApiKey, roleForScopes } from "../auth/api-keys.ts";
import { REFRESH_COOKIE } from "../auth/cookies.ts";
import { peekRefreshToken } from "../auth/refresh-tokens.ts";
import { type SessionSettings, userForAccessToken } from "../auth/session.ts";
import { looksLikeJwt } from "../auth/tokens.ts";
import { findUser, isActive, type UserRow } from "../auth/users.ts";
import type { Db } from "../db/database.ts";
import { apiKeys } from "../db/schema/index.ts";
import { safeEqual } from "../lib/crypto.ts";
import { ApiError } from "./errors.ts";

export type Role = "admin" | "supervisor" | "agent";

/** Who is calling, in which workspace, with which role. Every API handler reads `req.principal`. */
export type Principal = {
  actor: string;
  workspaceId: string;
  role: Role;
  /** How they proved it. */
  via?: "admin-key" | "session" | "api-key";
  /** Set for people (sessions). */
  userId?: string;
};

/**
 * One authenticator per credential kind (admin key, user session, scoped API key).
 * Each returns a principal, null when the credential is not its kind, or throws ApiError when it is its kind but wrong.
 */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const bearer = (req: FastifyRequest): string | undefined => {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : undefined;
};

export function adminKeyAuthenticator(adminApiKey: string, workspaceId: string): Authenticator {
  return async (req) => {
    const token = bearer(req);
    if (!token || !safeEqual(token, adminApiKey)) return null;
    return { actor: "api-key:admin", workspaceId, role: "admin", via: "admin-key" };
  };
}

const userPrincipal = (user: UserRow): Principal => ({
  actor: `user:${user.id}`,
  workspaceId: user.workspaceId,
  role: user.role,
  via: "session",
  userId: user.id,
});

/** The access token a login returns (`Authorization: Bearer <jwt>`); `fromQuery` also reads `?access_token=`. */
export function accessTokenAuthenticator(db: Db, settings: SessionSettings, fromQuery = false): Authenticator {
  return async (req) => {
    const query = req.query as Record<string, unknown> | undefined;
    const token =
      bearer(req) ?? (fromQuery && typeof query?.access_token === "string" ? query.access_token : undefined);
    if (!token || !looksLikeJwt(token)) return null;
    const user = await userForAccessToken(db, settings, token);
    if (!user.ok) {
      throw new ApiError("unauthorized", user.error === "expired" ? "access token expired" : "access token not valid");
    }
    return userPrincipal(user.value);
  };
}

/** Scoped machine keys (`Authorization: Bearer sbk_…`); the scopes map onto roles. */
export function apiKeyAuthenticator(db: Db, now: () => number): Authenticator {
  return async (req) => {
    const token = bearer(req);
    if (!token || !looksLikeApiKey(token)) return null;
    const row = await findLiveApiKey(db, token, now());
    if (!row) throw new ApiError("unauthorized", "API key not valid, revoked or expired");
    // Written at most once a minute per key: a busy integration must not turn every read into a write.
    if (!row.lastUsedAt || now() - row.lastUsedAt.getTime() > 60_000) {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now()) })
        .where(eq(apiKeys.id, row.id));
    }
    return {
      actor: `api-key:${row.id}`,
      workspaceId: row.workspaceId,
      role: roleForScopes(row.scopes),
      via: "api-key",
    };
  };
}

/** The refresh cookie, for the one route a browser calls without headers (EventSource). It is never rotated here. */
export function refreshCookieAuthenticator(db: Db, now: () => number): Authenticator {
  return async (req) => {
    const token = req.cookies?.[REFRESH_COOKIE];
    if (!token) return null;
    const owner = await peekRefreshToken(db, token, now());
    const user = owner ? await findUser(db, owner.workspaceId, owner.userId) : undefined;
    if (!user || !isActive(user)) throw new ApiError("unauthorized", "session expired; sign in again");
    return userPrincipal(user);
  };
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export const hasRole = (principal: Principal, role: Role): boolean => RANK[principal.role] >= RANK[role];

/** Which role each auth hook demands: the route table (and the generated access tests) reads it. */
const ROLE_OF = new WeakMap<object, Role>();

export type RouteAccess = { method: string; url: string; role: Role | null };

declare module "fastify" {
  interface FastifyInstance {
    /** Every route with the role it requires (null: public), in registration order. */
    routeAccess: RouteAccess[];
  }
}

type Hooks = unknown[] | unknown | undefined;
const asList = (hooks: Hooks): unknown[] => (Array.isArray(hooks) ? hooks : hooks ? [hooks] : []);
const isAuth = (hook: unknown): boolean => typeof hook === "function" && ROLE_OF.has(hook);

/**
 * Records every route registered from now on, with the role its auth hook requires, and makes sure that hook runs
 * in onRequest: before the body is parsed or the schema validated, so a stranger gets 401, never a validation
 * error that describes the schema. A route that names its auth hook as preValidation or preHandler has it moved.
 */
export function collectRouteAccess(app: FastifyInstance): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorate("routeAccess", table);
  app.addHook("onRoute", (route) => {
    const late = [...asList(route.preValidation), ...asList(route.preHandler)].filter(isAuth);
    if (late.length > 0) {
      route.preValidation = asList(route.preValidation).filter((h) => !isAuth(h)) as typeof route.preValidation;
      route.preHandler = asList(route.preHandler).filter((h) => !isAuth(h)) as typeof route.preHandler;
      route.onRequest = [...late, ...asList(route.onRequest)] as typeof route.onRequest;
    }
    const role = asList(route.onRequest)
      .map((h) => (typeof h === "function" ? ROLE_OF.get(h) : undefined))
      .find((r) => r !== undefined);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method !== "HEAD" && method !== "OPTIONS") table.push({ method, url: route.url, role: role ?? null });
    }
  });
  return table;
}

/** An onRequest hook that requires a principal with at least `role`. */
export function requireRole(authenticators: Authenticator[], role: Role) {
  const handler = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(req);
      if (principal) {
        if (!hasRole(principal, role)) throw new ApiError("forbidden", `this needs the ${role} role`);
        req.principal = principal;
        return;
      }
    }
    throw new ApiError("unauthorized", "missing or invalid credentials (Authorization: Bearer <token or key>)");
  };
  ROLE_OF.set(handler, role);
  return handler;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError("unauthorized", "not authenticated");
  return req.principal;
}
