import { eq } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { chatBusFor } from "../chat/bus.ts";
import { postVisitorMessage } from "../chat/messages.ts";
import { queuePosition } from "../chat/queue.ts";
import { createSession, type VisitorRow, visitorConversation, visitorForToken } from "../chat/sessions.ts";
import { eventsAfter } from "../chat/store.ts";
import { eventDto } from "../chat/views.ts";
import { requestLimiter } from "../db/rate-limits.ts";
import { agents, workspaces } from "../db/schema/index.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import {
  chatEventSchema,
  widgetConversationSchema,
  widgetMessageBody,
  widgetSessionBody,
  widgetSessionSchema,
} from "./chat-contracts.ts";

const WIDGET_BODY_LIMIT = 32 * 1024;

/** Visitors authenticate with their session token: `Authorization: Bearer vst_…` (or `?token=` on sockets). */
export function visitorToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.token === "string" ? query.token : undefined;
}

/**
 * The public widget API: no login, a visitor session token instead. Rate limited per client address and per
 * session in PostgreSQL (every web process shares the budget); internal system notes never reach visitors.
 */
export async function chatWidgetRoutes(ctx: RouteContext, options: { defaultWorkspaceId: string }): Promise<void> {
  const { app, deps } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const bus = chatBusFor(deps.database.pool);
  const config = deps.config;
  const tags = ["widget"];
  const limiters = {
    address: requestLimiter(deps.database.pool, {
      prefix: "widget-ip",
      max: config.WIDGET_RATE_PER_IP,
      windowSeconds: 60,
    }),
    session: requestLimiter(deps.database.pool, {
      prefix: "widget-session",
      max: config.WIDGET_RATE_PER_SESSION,
      windowSeconds: 60,
    }),
  };
  const limit = async (reply: FastifyReply, limiter: keyof typeof limiters, key: string) => {
    const verdict = await limiters[limiter].hit(key);
    if (!verdict.ok) {
      reply.header("retry-after", String(verdict.retryAfterSeconds));
      throw new ApiError("rate_limited", `too many requests; retry in ${verdict.retryAfterSeconds} s`);
    }
  };
  const byAddress = (req: FastifyRequest, reply: FastifyReply) => limit(reply, "address", req.ip);
  const checkLength = (text: string) => {
    if (text.length > config.WIDGET_MAX_MESSAGE_CHARS)
      throw new ApiError("payload_too_large", `a message holds at most ${config.WIDGET_MAX_MESSAGE_CHARS} characters`);
  };
  const visitorOf = async (req: FastifyRequest): Promise<VisitorRow> => {
    const token = visitorToken(req);
    const visitor = token ? await visitorForToken(db, token) : undefined;
    if (!visitor) throw new ApiError("unauthorized", "missing or invalid visitor session token");
    return visitor;
  };
  const security = [{ visitorToken: [] }];

  r.post(
    "/api/widget/sessions",
    {
      bodyLimit: WIDGET_BODY_LIMIT,
      schema: {
        tags,
        summary: "Start a chat: visitor, conversation, first thread and first message in one transaction, then routing",
        description:
          "Public. Returns the visitor's session token once: send it as `Authorization: Bearer <sessionToken>`.",
        security: [],
        body: widgetSessionBody,
        response: { 201: widgetSessionSchema },
      },
    },
    async (req, reply) => {
      await byAddress(req, reply);
      checkLength(req.body.message);
      const workspaceId = req.body.workspaceId ?? options.defaultWorkspaceId;
      const [workspace] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId));
      if (!workspace) throw notFound("workspace");
      const out = await createSession(db, {
        workspaceId,
        groupId: req.body.groupId,
        visitor: req.body.visitor,
        message: req.body.message,
        nowMs: deps.now(),
      });
      if (!out) throw notFound(req.body.groupId ? "group" : "default chat group");
      await bus.publish(out.notices);
      return reply.code(201).send(out.created);
    },
  );

  r.post(
    "/api/widget/messages",
    {
      bodyLimit: WIDGET_BODY_LIMIT,
      schema: {
        tags,
        summary: "Send a visitor message into the visitor's conversation",
        security,
        body: widgetMessageBody,
        response: { 201: chatEventSchema },
      },
    },
    async (req, reply) => {
      await byAddress(req, reply);
      const visitor = await visitorOf(req);
      await limit(reply, "session", visitor.id);
      checkLength(req.body.text);
      const conv = await visitorConversation(db, visitor, req.body.conversationId);
      if (!conv) throw notFound("conversation");
      const outcome = await db.transaction((tx) =>
        postVisitorMessage(tx, {
          workspaceId: visitor.workspaceId,
          visitorId: visitor.id,
          conversationId: conv.id,
          text: req.body.text,
          nowMs: deps.now(),
        }),
      );
      if (outcome.kind === "not_found") throw notFound("conversation");
      if (outcome.kind !== "posted") throw new ApiError("conflict", "this chat is closed; start a new one");
      await bus.publish(outcome.notices);
      return reply.code(201).send(eventDto(outcome.event));
    },
  );

  r.get(
    "/api/widget/conversation",
    {
      schema: {
        tags,
        summary: "The visitor's own conversation and its events (nothing else)",
        security,
        response: { 200: widgetConversationSchema },
      },
    },
    async (req, reply) => {
      await byAddress(req, reply);
      const visitor = await visitorOf(req);
      const conv = await visitorConversation(db, visitor);
      if (!conv) throw notFound("conversation");
      const events = await eventsAfter(db, visitor.workspaceId, conv.id, 0, 1000);
      const [agent] = conv.agentId
        ? await db.select({ name: agents.name }).from(agents).where(eq(agents.id, conv.agentId))
        : [];
      return {
        conversation: {
          id: conv.id,
          status: conv.status,
          agentId: conv.agentId,
          groupId: conv.groupId,
          activeThreadId: conv.activeThreadId,
          queuePosition: await queuePosition(db, conv),
          agentName: agent?.name ?? null,
        },
        events: events.filter((e) => e.metadata.internal !== true).map(eventDto),
      };
    },
  );
}
