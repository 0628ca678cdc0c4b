import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AdminState } from "./admin-state.ts";
import type { ViewContext } from "./admin-views.ts";
import type { RenderContext } from "./call-log.ts";
import type { CallEngine } from "./calls.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import type { Notifier } from "./notifier.ts";
import type { RateGroup, SimConfig } from "./options.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { VoiceSim } from "./routes-ai.ts";
import type { DirectoryState, Extension } from "./state.ts";
import type { SubscriptionStore } from "./subscriptions.ts";
import type { TokenStore } from "./tokens.ts";

/** Everything the route modules share; built once in app.ts. */
export type SimContext = {
  config: SimConfig;
  dir: DirectoryState;
  calls: CallEngine;
  tokens: TokenStore;
  limiter: RateLimiter;
  subs: SubscriptionStore;
  notifier: Notifier;
  admin: AdminState;
  voice: VoiceSim;
};

/** The authenticated app + user behind a request. */
export type Caller = { ownerId: string; clientId: string };

export const routeParams = z.record(z.string(), z.string());

export function baseUrl(ctx: SimContext, req: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

export function viewContext(ctx: SimContext, req: FastifyRequest): ViewContext {
  return { base: baseUrl(ctx, req), accountId: ctx.dir.accountId, dir: ctx.dir, admin: ctx.admin };
}

export function renderContext(ctx: SimContext, req: FastifyRequest): RenderContext {
  const base = baseUrl(ctx, req);
  return { base, media: ctx.config.mediaUrl ?? base, accountId: ctx.dir.accountId };
}

/** Applies a usage-plan group: headers on every answer, 429 + Retry-After + CMN-301 past the limit. */
export function applyRateLimit(ctx: SimContext, reply: FastifyReply, key: string, group: RateGroup): boolean {
  const decision = ctx.limiter.hit(key, group);
  if (!decision) return true;
  reply.header("x-rate-limit-group", decision.group.toLowerCase());
  reply.header("x-rate-limit-limit", String(decision.limit));
  reply.header("x-rate-limit-remaining", String(decision.remaining));
  reply.header("x-rate-limit-window", String(decision.windowSec));
  if (decision.allowed) return true;
  reply.header("retry-after", String(decision.retryAfterSec ?? decision.windowSec));
  sendRcError(reply, 429, "CMN-301", "Request rate exceeded");
  return false;
}

/**
 * Bearer authentication then rate limiting. The SDK sends `bearer` in lower case (doc §3.1), so the scheme is
 * matched case-insensitively. `queryToken` allows `?access_token=` (media downloads, doc §3.4).
 * Returns undefined when an error answer has been sent.
 */
export function authorize(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  group: RateGroup,
  options: { queryToken?: boolean } = {},
): Caller | undefined {
  const header = req.headers.authorization;
  let token: string | undefined;
  if (header) {
    const match = /^(\S+)\s+(\S+)$/.exec(header.trim());
    if (!match) return void sendRcError(reply, 401, "OAU-129", "Access token corrupted.");
    if (match[1]?.toLowerCase() !== "bearer") {
      return void sendRcError(reply, 401, "OAU-151", "Authorization method not supported");
    }
    token = match[2];
  } else if (options.queryToken) {
    const query = z.object({ access_token: z.string().optional() }).safeParse(req.query);
    token = query.success ? query.data.access_token : undefined;
  }
  if (!token) return void sendRcError(reply, 401, "CMN-405", "Login to extension required.");
  const auth = ctx.tokens.authenticate(token);
  if (!auth.ok) return void sendRcError(reply, 401, auth.errorCode, auth.message);
  const caller = { ownerId: auth.session.ownerId, clientId: auth.session.clientId };
  if (!applyRateLimit(ctx, reply, `${caller.clientId}:${caller.ownerId}`, group)) return undefined;
  return caller;
}

/** `{accountId}` must be `~` or this account's id. */
export function checkAccount(ctx: SimContext, reply: FastifyReply, ref: string | undefined): boolean {
  if (ref === "~" || ref === ctx.dir.accountId) return true;
  rcErrors.notFound(reply, "accountId");
  return false;
}

/** `{extensionId}`: `~` is the caller. Demo users are admins, so any extension of the account may be read. */
export function resolveExtension(
  ctx: SimContext,
  caller: Caller,
  reply: FastifyReply,
  ref: string | undefined,
): Extension | undefined {
  const id = ref === "~" ? caller.ownerId : ref;
  const ext = ctx.dir.extensions.find((e) => e.id === id);
  if (!ext) rcErrors.notFound(reply, "extensionId");
  return ext;
}

/** The common prologue of account-scoped routes: authenticate, rate-limit, check `{accountId}`. */
export function accountRoute(
  ctx: SimContext,
  req: FastifyRequest,
  reply: FastifyReply,
  group: RateGroup,
  options: { queryToken?: boolean } = {},
): { caller: Caller; params: Record<string, string> } | undefined {
  const caller = authorize(ctx, req, reply, group, options);
  if (!caller) return undefined;
  const params = routeParams.parse(req.params ?? {});
  if (params.accountId !== undefined && !checkAccount(ctx, reply, params.accountId)) return undefined;
  return { caller, params };
}
