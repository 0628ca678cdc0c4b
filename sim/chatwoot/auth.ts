import type { FastifyRequest } from "fastify";
import { BOT_ACCESSIBLE_ENDPOINTS, CHATWOOT_ERRORS } from "./constants.ts";
import type { SimContext } from "./context.ts";
import { ChatwootError, notFound } from "./errors.ts";
import type { Actor, User } from "./model.ts";

/** The caller's token: Rack maps both `api_access_token` and `api-access-token` headers to the same key. */
export function accessToken(req: FastifyRequest): string | undefined {
  const raw = req.headers.api_access_token ?? req.headers["api-access-token"];
  const token = Array.isArray(raw) ? raw[0] : raw;
  return token ? token : undefined;
}

/**
 * Chatwoot's order of checks (doc §3.5, §5.4): token → bot endpoint whitelist → account → Pundit policy.
 * `endpoint` is `controller#action`, the key of `BOT_ACCESSIBLE_ENDPOINTS`.
 */
export function authenticate(
  ctx: SimContext,
  req: FastifyRequest,
  endpoint: string,
  options: { admin?: boolean } = {},
): Actor {
  const token = accessToken(req);
  if (!token) throw new ChatwootError(401, CHATWOOT_ERRORS.noToken);
  const user = ctx.state.userByToken(token);
  const bot = user ? undefined : ctx.state.botByToken(token);
  if (!user && !bot) throw new ChatwootError(401, CHATWOOT_ERRORS.invalidToken);
  if (bot && !BOT_ACCESSIBLE_ENDPOINTS.has(endpoint)) throw new ChatwootError(401, CHATWOOT_ERRORS.botEndpoint);
  const accountId = (req.params as Record<string, unknown> | undefined)?.accountId;
  // The sandbox holds one account; any other id is an account that does not exist (`Account.find` → 404).
  if (accountId !== undefined && accountId !== String(ctx.state.account.id)) throw notFound();
  if (user) {
    if (options.admin && user.role !== "administrator") throw new ChatwootError(401, CHATWOOT_ERRORS.forbidden);
    return { kind: "user", user };
  }
  if (bot) return { kind: "bot", bot };
  throw new ChatwootError(401, CHATWOOT_ERRORS.invalidToken);
}

/** Routes only users may call (bots were already refused by the whitelist). */
export function authenticateUser(ctx: SimContext, req: FastifyRequest, endpoint: string, admin = false): User {
  const actor = authenticate(ctx, req, endpoint, { admin });
  if (actor.kind !== "user") throw new ChatwootError(401, CHATWOOT_ERRORS.botEndpoint);
  return actor.user;
}
