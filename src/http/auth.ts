import type { FastifyReply, FastifyRequest } from "fastify";
import { safeEqual } from "../lib/crypto.ts";
import { ApiError } from "./errors.ts";

export type Role = "admin" | "supervisor" | "agent";

/** Who is calling, in which workspace, with which role. Every API handler reads `req.principal`. */
export type Principal = { actor: string; workspaceId: string; role: Role };

/**
 * One authenticator per credential kind (admin key now; user sessions and scoped API keys plug in here later).
 * Each returns a principal, null when the credential is not its kind, or throws ApiError when it is its kind but wrong.
 */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function adminKeyAuthenticator(adminApiKey: string, workspaceId: string): Authenticator {
  return async (req) => {
    const header = req.headers.authorization;
    if (!header?.startsWith("Bearer ")) return null;
    const token = header.slice("Bearer ".length).trim();
    if (!safeEqual(token, adminApiKey)) return null;
    return { actor: "api-key:admin", workspaceId, role: "admin" };
  };
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

/** A preHandler that requires a principal with at least `role`. */
export function requireRole(authenticators: Authenticator[], role: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    for (const authenticate of authenticators) {
      const principal = await authenticate(req);
      if (principal) {
        if (RANK[principal.role] < RANK[role]) throw new ApiError("forbidden", `this needs the ${role} role`);
        req.principal = principal;
        return;
      }
    }
    throw new ApiError("unauthorized", "missing or invalid credentials (Authorization: Bearer <key>)");
  };
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new ApiError("unauthorized", "not authenticated");
  return req.principal;
}
