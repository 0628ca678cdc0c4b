import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { authorize, baseUrl, type Caller, routeParams, type SimContext } from "./context.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import { type EventFilter, parseFilter } from "./filters.ts";
import { validationHandshake } from "./handshake.ts";
import { issueParameter } from "./routes-extensions.ts";
import { type Subscription, subscriptionInfo } from "./subscriptions.ts";

/** The spec's ceiling is 315360000 s; the 1.0.33 changelog says 630720000 — the larger is accepted. */
const MAX_EXPIRES_IN = 630_720_000;
const createBody = z.object({
  eventFilters: z.array(z.string().min(1)).min(1),
  deliveryMode: z.object({
    transportType: z.string(),
    address: z.string().optional(),
    verificationToken: z.string().min(1).optional(),
  }),
  expiresIn: z.number().int().min(1).max(MAX_EXPIRES_IN).optional(),
});
const updateBody = z.object({
  eventFilters: z.array(z.string().min(1)).min(1).optional(),
  expiresIn: z.number().int().min(1).max(MAX_EXPIRES_IN).optional(),
});

function parseFilters(ctx: SimContext, caller: Caller, reply: FastifyReply, raw: string[]): EventFilter[] | undefined {
  const context = {
    accountId: ctx.dir.accountId,
    ownerId: caller.ownerId,
    hasExtension: (id: string) => ctx.dir.extensions.some((e) => e.id === id),
  };
  const filters: EventFilter[] = [];
  const invalid: string[] = [];
  for (const filter of raw) {
    const parsed = parseFilter(filter, context);
    if (parsed.ok) filters.push(parsed.filter);
    else if (parsed.reason === "other-account") {
      return void sendRcError(reply, 403, "SUB-406", "Not allowed subscribe for events to extensions of other account");
    } else invalid.push(filter);
  }
  if (invalid.length > 0) {
    return void sendRcError(reply, 400, "SUB-508", `Invalid event filters: [${invalid.join(", ")}]`, "eventFilters");
  }
  return filters;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Subscriptions (doc §1): WebHook transport with the Validation-Token handshake before activation. */
export function registerSubscriptionRoutes(app: FastifyInstance, ctx: SimContext): void {
  const owned = (caller: Caller, reply: FastifyReply, id: string | undefined): Subscription | undefined => {
    const sub = id === undefined ? undefined : ctx.subs.get(id);
    if (!sub || sub.clientId !== caller.clientId) return void rcErrors.notFound(reply, "subscriptionId");
    return sub;
  };

  app.post("/restapi/v1.0/subscription", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    if (!caller) return reply;
    const raw = z.record(z.string(), z.unknown()).safeParse(req.body ?? {});
    if (raw.success && raw.data.eventFilters === undefined) return rcErrors.missingParameter(reply, "eventFilters");
    if (raw.success && raw.data.deliveryMode === undefined) return rcErrors.missingParameter(reply, "deliveryMode");
    const body = createBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const { deliveryMode, expiresIn } = body.data;
    // UNCONFIRMED case sensitivity: one doc sample writes "Webhook"; both spellings are accepted.
    if (deliveryMode.transportType.toLowerCase() !== "webhook") {
      return rcErrors.invalidParameter(reply, "deliveryMode.transportType");
    }
    if (!deliveryMode.address) return rcErrors.missingParameter(reply, "deliveryMode.address");
    if (!isHttpUrl(deliveryMode.address)) return rcErrors.invalidParameter(reply, "deliveryMode.address");
    const filters = parseFilters(ctx, caller, reply, body.data.eventFilters);
    if (!filters) return reply;
    if (ctx.subs.countFor(caller.ownerId, caller.clientId) >= ctx.config.subscriptionLimit) {
      return sendRcError(reply, 403, "SUB-505", "Subscriptions limit exceeded");
    }
    const check = await validationHandshake(
      deliveryMode.address,
      deliveryMode.verificationToken,
      ctx.config.handshakeTimeoutMs,
    );
    if (!check.ok) {
      req.log.info({ address: deliveryMode.address, detail: check.detail }, "webhook validation failed");
      return check.kind === "unreachable"
        ? rcErrors.invalidParameter(reply, "deliveryMode.address")
        : sendRcError(reply, 400, "SUB-525", "WebHook server response is invalid", "deliveryMode.address");
    }
    const sub = ctx.subs.create({
      ownerId: caller.ownerId,
      clientId: caller.clientId,
      filters,
      address: deliveryMode.address,
      verificationToken: deliveryMode.verificationToken,
      ttlSec: expiresIn ?? ctx.config.defaultSubscriptionTtlSec,
    });
    return subscriptionInfo(sub, baseUrl(ctx, req), ctx.config.now());
  });

  app.get("/restapi/v1.0/subscription", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Light");
    if (!caller) return reply;
    const base = baseUrl(ctx, req);
    const mine = ctx.subs.list().filter((s) => s.ownerId === caller.ownerId && s.clientId === caller.clientId);
    return {
      uri: `${base}/restapi/v1.0/subscription`,
      records: mine.map((s) => subscriptionInfo(s, base, ctx.config.now())),
    };
  });

  app.get("/restapi/v1.0/subscription/:subscriptionId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Light");
    const sub = caller && owned(caller, reply, routeParams.parse(req.params).subscriptionId);
    return sub ? subscriptionInfo(sub, baseUrl(ctx, req), ctx.config.now()) : reply;
  });

  // An empty body renews; otherwise eventFilters (and expiresIn) replace the current ones.
  app.put("/restapi/v1.0/subscription/:subscriptionId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    const sub = caller && owned(caller, reply, routeParams.parse(req.params).subscriptionId);
    if (!caller || !sub) return reply;
    const body = updateBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    if (body.data.eventFilters) {
      const filters = parseFilters(ctx, caller, reply, body.data.eventFilters);
      if (!filters) return reply;
      sub.filters = filters;
    }
    ctx.subs.renew(sub, body.data.expiresIn);
    return subscriptionInfo(sub, baseUrl(ctx, req), ctx.config.now());
  });

  app.post("/restapi/v1.0/subscription/:subscriptionId/renew", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Light");
    const sub = caller && owned(caller, reply, routeParams.parse(req.params).subscriptionId);
    if (!sub) return reply;
    ctx.subs.renew(sub);
    return subscriptionInfo(sub, baseUrl(ctx, req), ctx.config.now());
  });

  app.delete("/restapi/v1.0/subscription/:subscriptionId", async (req, reply) => {
    const caller = authorize(ctx, req, reply, "Medium");
    const sub = caller && owned(caller, reply, routeParams.parse(req.params).subscriptionId);
    if (!sub) return reply;
    ctx.subs.delete(sub.id);
    return reply.code(204).send();
  });
}
