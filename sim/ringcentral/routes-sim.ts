import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { CallSession } from "./call-model.ts";
import type { CallResult } from "./calls.ts";
import { baseUrl, routeParams, type SimContext } from "./context.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import { presenceStatusOf, telephonyStatusOf } from "./presence.ts";
import { issueParameter, presenceUpdate } from "./routes-extensions.ts";
import { createPost, postBody } from "./routes-team-messaging.ts";
import { findExtension } from "./state.ts";
import { subscriptionInfo } from "./subscriptions.ts";

const idOrNumber = z.union([z.string().min(1), z.number()]).transform(String);
const direction = z
  .string()
  .transform((d) => d.charAt(0).toUpperCase() + d.slice(1).toLowerCase())
  .pipe(z.enum(["Inbound", "Outbound"]));
const callBody = z.object({
  extensionId: idOrNumber,
  direction,
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  /** false leaves the call ringing until `POST /_sim/calls/:id/answer`. */
  answer: z.boolean().default(true),
});
const tokenFilter = z.object({ extensionId: idOrNumber.optional(), accessToken: z.string().optional() });

function body<T extends z.ZodType>(schema: T, req: FastifyRequest, reply: FastifyReply): z.infer<T> | undefined {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) return void rcErrors.invalidParameter(reply, issueParameter(parsed.error, "body"));
  return parsed.data;
}

function sessionView(session: CallSession): Record<string, unknown> {
  return {
    telephonySessionId: session.id,
    sessionId: session.sessionId,
    direction: session.direction,
    agentPartyId: session.agentPartyId,
    createdAt: new Date(session.createdAt).toISOString(),
    answeredAt: session.answeredAt === undefined ? null : new Date(session.answeredAt).toISOString(),
    endedAt: session.endedAt === undefined ? null : new Date(session.endedAt).toISOString(),
    parties: session.parties.map((p) => ({ ...p })),
  };
}

/**
 * Scenario and control routes: they act as a person on the platform would (place, answer, hold and end calls;
 * change presence; post a message) and emit what the platform would emit.
 */
export function registerSimRoutes(app: FastifyInstance, ctx: SimContext, credentials: Record<string, unknown>): void {
  app.get("/_sim/credentials", async (req) => ({ ...credentials, server: credentials.server ?? baseUrl(ctx, req) }));

  app.get("/_sim/extensions", async () =>
    ctx.dir.extensions.map((ext) => {
      const presence = ctx.dir.presence.get(ext.id);
      const calls = ctx.calls.liveCalls(ext.id);
      const telephonyStatus = telephonyStatusOf(calls);
      return {
        id: ext.id,
        extensionNumber: ext.extensionNumber,
        name: ext.name,
        email: ext.email,
        phone: ext.phone,
        presence: presence && {
          userStatus: presence.userStatus,
          dndStatus: presence.dndStatus,
          telephonyStatus,
          presenceStatus: presenceStatusOf(presence, telephonyStatus),
          sequence: presence.sequence,
        },
        activeCalls: calls.map((c) => ({
          telephonySessionId: c.session.id,
          partyId: c.party.id,
          direction: c.party.direction,
          status: c.party.status,
          from: c.party.from.phoneNumber,
          to: c.party.to.phoneNumber,
        })),
      };
    }),
  );

  app.post("/_sim/extensions/:id/presence", async (req, reply) => {
    const ext = findExtension(ctx.dir, routeParams.parse(req.params).id ?? "");
    const presence = ext && ctx.dir.presence.get(ext.id);
    if (!ext || !presence) return rcErrors.notFound(reply, "extensionId");
    const update = body(presenceUpdate, req, reply);
    if (!update) return reply;
    const changes = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
    const dndChanged = changes.dndStatus !== undefined && changes.dndStatus !== presence.dndStatus;
    Object.assign(presence, changes);
    const event = ctx.calls.presenceChanged(ext, dndChanged);
    if (event) await ctx.notifier.publish([event]);
    return { extensionId: ext.id, ...presence };
  });

  app.post("/_sim/calls", async (req, reply) => {
    const input = body(callBody, req, reply);
    if (!input) return reply;
    const result = ctx.calls.start(input);
    if (!result.ok) return rcErrors.invalidParameter(reply, result.error);
    await ctx.notifier.publish(result.events);
    return { telephonySessionId: result.session.id, ...sessionView(result.session) };
  });

  app.get("/_sim/calls", async () => [...ctx.calls.sessions.values()].map(sessionView));

  app.get("/_sim/calls/:id", async (req, reply) => {
    const session = ctx.calls.sessions.get(routeParams.parse(req.params).id ?? "");
    return session ? sessionView(session) : rcErrors.notFound(reply, "telephonySessionId");
  });

  const act = (name: string, run: (s: CallSession, req: FastifyRequest) => CallResult) => {
    app.post(`/_sim/calls/:id/${name}`, async (req, reply) => {
      const session = ctx.calls.sessions.get(routeParams.parse(req.params).id ?? "");
      if (!session) return rcErrors.notFound(reply, "telephonySessionId");
      const result = run(session, req);
      if (!result.ok) return sendRcError(reply, 409, "TAS-102", "Incorrect State");
      await ctx.notifier.publish(result.events);
      return sessionView(session);
    });
  };
  const holdTarget = (req: FastifyRequest) => {
    const parsed = z.object({ extensionId: idOrNumber.optional() }).safeParse(req.body ?? {});
    const ref = parsed.success ? parsed.data.extensionId : undefined;
    return { extensionId: ref === undefined ? undefined : (findExtension(ctx.dir, ref)?.id ?? ref) };
  };
  act("answer", (s) => ctx.calls.answer(s));
  act("hold", (s, req) => ctx.calls.hold(s, true, holdTarget(req)));
  act("unhold", (s, req) => ctx.calls.hold(s, false, holdTarget(req)));
  act("end", (s, req) => {
    const parsed = z
      .object({ by: z.enum(["agent", "remote"]).optional(), voicemail: z.boolean().optional() })
      .safeParse(req.body ?? {});
    return ctx.calls.end(s, parsed.success ? parsed.data.by : undefined, parsed.success && parsed.data.voicemail);
  });

  app.post("/_sim/call-log/flush", async () => ({ flushed: ctx.calls.flushCallLog() }));

  const sessionsMatching = (filter: z.infer<typeof tokenFilter>) => {
    const ownerId = filter.extensionId === undefined ? undefined : findExtension(ctx.dir, filter.extensionId)?.id;
    return (s: { ownerId: string; access: { token: string } }) =>
      (filter.extensionId === undefined || s.ownerId === ownerId) &&
      (filter.accessToken === undefined || s.access.token === filter.accessToken);
  };
  app.post("/_sim/tokens/expire", async (req, reply) => {
    const filter = body(tokenFilter, req, reply);
    return filter ? { expired: ctx.tokens.expireAccess(sessionsMatching(filter)) } : reply;
  });
  app.post("/_sim/tokens/revoke", async (req, reply) => {
    const filter = body(tokenFilter, req, reply);
    return filter ? { revoked: ctx.tokens.revokeWhere(sessionsMatching(filter)) } : reply;
  });
  app.get("/_sim/tokens", async () =>
    ctx.tokens.sessions().map((s) => ({
      sessionId: s.id,
      ownerId: s.ownerId,
      clientId: s.clientId,
      accessExpiresAt: new Date(s.access.expiresAt).toISOString(),
      refreshExpiresAt: new Date(s.refresh.expiresAt).toISOString(),
    })),
  );

  app.get("/_sim/subscriptions", async (req) =>
    ctx.subs.list().map((s) => ({
      ...subscriptionInfo(s, baseUrl(ctx, req), ctx.config.now()),
      ownerId: s.ownerId,
      delivered: s.delivered,
      failed: s.failed,
      consecutiveFailures: s.consecutiveFailures,
    })),
  );
  for (const action of ["blacklist", "suspend", "expire"] as const) {
    app.post(`/_sim/subscriptions/:id/${action}`, async (req, reply) => {
      const sub = ctx.subs.get(routeParams.parse(req.params).id ?? "");
      if (!sub) return rcErrors.notFound(reply, "subscriptionId");
      if (action === "blacklist") ctx.subs.blacklist(sub, "Blacklisted through /_sim");
      if (action === "suspend") sub.status = "Suspended";
      if (action === "expire") ctx.subs.expire(sub);
      return { id: sub.id, status: action === "expire" ? "Expired" : sub.status };
    });
  }

  app.post("/_sim/chats/:chatId/posts", async (req, reply) => {
    const chat = ctx.dir.chats.get(routeParams.parse(req.params).chatId ?? "");
    if (!chat) return rcErrors.notFound(reply, "chatId");
    const parsed = z.object({ extensionId: idOrNumber }).safeParse(req.body ?? {});
    const author = parsed.success ? findExtension(ctx.dir, parsed.data.extensionId) : undefined;
    if (!author || !chat.memberIds.includes(author.id)) return rcErrors.invalidParameter(reply, "extensionId");
    const post = body(postBody, req, reply);
    return post ? createPost(ctx, reply, chat, author.id, post) : reply;
  });

  app.delete("/_sim/rate-limits", async () => {
    ctx.limiter.reset();
    return { ok: true };
  });
}
