import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { applyRateLimit, type SimContext } from "./context.ts";
import { sendOauthError, sendRcError } from "./errors.ts";
import { hex } from "./ids.ts";
import { peekSubject, verifyUserJwt } from "./jwt.ts";
import type { Issued } from "./tokens.ts";

const JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** The permissions the demo app holds (space separated, as TokenInfo.scope). */
const SCOPE =
  "CallControl Contacts EditExtensions EditPresence ReadAccounts ReadCallLog ReadCallRecording ReadContacts " +
  "ReadPresence SubscriptionWebhook TeamMessaging WebSocketsSubscription";

const formSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Form fields; a repeated field keeps its first value (RingCentral rejects duplicates, OAU-111: not modelled). */
function form(req: FastifyRequest): Record<string, string> {
  const parsed = formSchema.safeParse(req.body ?? {});
  if (!parsed.success) return {};
  return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : v]));
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `client_secret_basic`; the demo app is confidential, so a bare `client_id` is not enough. */
function clientAuth(
  ctx: SimContext,
  req: FastifyRequest,
): { ok: true; clientId: string } | { ok: false; code: string; message: string } {
  const header = req.headers.authorization;
  const match = header ? /^basic\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) return { ok: false, code: "OAU-123", message: "Client authentication is required" };
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const clientId = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? "" : decoded.slice(colon + 1);
  if (!safeEqual(clientId, ctx.config.clientId) || !safeEqual(secret, ctx.config.clientSecret)) {
    return { ok: false, code: "OAU-146", message: "Invalid client credentials" };
  }
  return { ok: true, clientId };
}

function isForm(req: FastifyRequest): boolean {
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  return Number.isInteger(n) ? n : undefined;
}

function tokenInfo(issued: Issued, endpointId: string | undefined): Record<string, unknown> {
  return {
    access_token: issued.access.token,
    token_type: "bearer",
    expires_in: issued.access.ttlSec,
    refresh_token: issued.refresh.token,
    refresh_token_expires_in: issued.refresh.ttlSec,
    scope: SCOPE,
    owner_id: issued.session.ownerId,
    endpoint_id: endpointId ?? hex(11),
    session_id: issued.session.id,
  };
}

/** `POST /restapi/oauth/token` (JWT and refresh grants) and `POST /restapi/oauth/revoke` (doc §3.1). */
export function registerOauthRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post("/restapi/oauth/token", async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isForm(req)) return sendRcError(reply, 415, "CMN-104", "Cannot parse request");
    const body = form(req);
    const client = clientAuth(ctx, req);
    const userHint = (body.assertion ? peekSubject(body.assertion) : undefined) ?? req.ip;
    const clientHint = client.ok ? client.clientId : "unauthenticated";
    if (!applyRateLimit(ctx, reply, `${clientHint}:${userHint}`, "Auth")) return reply;
    if (!client.ok) return sendOauthError(reply, 401, "invalid_client", client.code, client.message);
    const accessTtl = optionalInt(body.access_token_ttl);
    const refreshTtl = optionalInt(body.refresh_token_ttl);

    if (body.grant_type === JWT_GRANT) {
      if (!body.assertion) {
        return sendOauthError(
          reply,
          400,
          "invalid_request",
          "OAU-101",
          "Parameter [assertion] is invalid",
          "assertion",
        );
      }
      const check = await verifyUserJwt(ctx.config.jwtSigningKey, body.assertion, ctx.config.now());
      const owner = check.ok ? ctx.dir.extensions.find((e) => e.id === check.subject) : undefined;
      if (!check.ok || !owner) {
        const description =
          !check.ok && check.reason === "expired" ? "JWT token is expired" : "Invalid resource owner credentials.";
        return sendOauthError(reply, 400, "invalid_grant", "OAU-140", description);
      }
      return tokenInfo(ctx.tokens.issue(owner.id, client.clientId, accessTtl, refreshTtl), body.endpoint_id);
    }

    if (body.grant_type === "refresh_token") {
      if (!body.refresh_token) {
        return sendOauthError(
          reply,
          400,
          "invalid_request",
          "OAU-101",
          "Parameter [refresh_token] is invalid",
          "refresh_token",
        );
      }
      const result = ctx.tokens.refresh(body.refresh_token, client.clientId, accessTtl, refreshTtl);
      if (!result.ok) return sendOauthError(reply, 400, "invalid_grant", result.errorCode, result.message);
      return tokenInfo(result, body.endpoint_id);
    }

    // UNCONFIRMED error code: the sandbox supports only the grants Switchboard uses.
    const grant = body.grant_type ?? "";
    return sendOauthError(
      reply,
      400,
      "unsupported_grant_type",
      "OAU-112",
      `Unsupported grant type: [${grant}]`,
      "grant_type",
    );
  });

  app.post("/restapi/oauth/revoke", async (req: FastifyRequest, reply: FastifyReply) => {
    const client = clientAuth(ctx, req);
    if (!applyRateLimit(ctx, reply, `${client.ok ? client.clientId : "unauthenticated"}:${req.ip}`, "Auth"))
      return reply;
    if (!client.ok) return sendOauthError(reply, 401, "invalid_client", client.code, client.message);
    const query = z.object({ token: z.string().optional() }).safeParse(req.query);
    const token = form(req).token ?? (query.success ? query.data.token : undefined);
    if (!token)
      return sendOauthError(reply, 400, "invalid_request", "OAU-101", "Parameter [token] is invalid", "token");
    // RFC 7009: an unknown token is still a 200.
    ctx.tokens.revoke(token);
    return reply.code(200).send();
  });
}
