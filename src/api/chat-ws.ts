import type {} from "@fastify/websocket";
import { and, eq, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import { chatBusFor } from "../chat/bus.ts";
import type { ChatNotice } from "../chat/notices.ts";
import { RealtimeHub } from "../chat/realtime.ts";
import { ChatConnection } from "../chat/realtime-conn.ts";
import { visitorConversation, visitorForToken } from "../chat/sessions.ts";
import { canSee, chatViewer } from "../chat/viewer.ts";
import { chatConversations } from "../db/schema/index.ts";
import type { Authenticator } from "../http/auth.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import type { RouteContext } from "../http/routes.ts";
import { visitorToken } from "./chat-widget.ts";

const agentFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("subscribe"),
    conversationId: z.string().max(64),
    after: z.number().int().min(0).default(0),
  }),
  z.object({ type: z.literal("unsubscribe"), conversationId: z.string().max(64) }),
  z.object({ type: z.literal("typing"), conversationId: z.string().max(64), on: z.boolean() }),
  z.object({ type: z.literal("read"), conversationId: z.string().max(64), position: z.number().int().min(0) }),
  z.object({ type: z.literal("ping") }),
]);
const visitorFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("typing"), on: z.boolean() }),
  z.object({ type: z.literal("read"), position: z.number().int().min(0) }),
  z.object({ type: z.literal("ping") }),
]);
const resumeQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

function parseFrame<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(String(raw)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Real time over WebSocket. `/api/chat/ws` for agents (their access token as Bearer or `?access_token=`),
 * `/api/widget/ws` for visitors (`?token=<sessionToken>&after=<last seen position>`). Every frame is a JSON
 * object with a `type`. Messages are sent over HTTP (stored before they are delivered); sockets carry them out.
 */
export async function chatSocketRoutes(ctx: RouteContext, options: { authenticators: Authenticator[] }): Promise<void> {
  const { app, deps } = ctx;
  const db = deps.database.db;
  const bus = chatBusFor(deps.database.pool);
  const hub = new RealtimeHub(db, bus);
  app.addHook("preClose", async () => {
    hub.close();
    await bus.close();
  });
  const publish = (n: ChatNotice) => void bus.publish([n]);
  const bad = (socket: WebSocket) => socket.send(JSON.stringify({ type: "error", message: "unrecognised frame" }));

  app.get(
    "/api/chat/ws",
    {
      websocket: true,
      preHandler: requireRole(options.authenticators, "agent"),
      schema: {
        tags: ["chat"],
        summary: "Agents' real-time chat socket (assignments, messages, typing, read marks)",
        hide: false,
      },
    },
    async (socket: WebSocket, req: FastifyRequest) => {
      const p = principalOf(req);
      const viewer = await chatViewer(db, p);
      const conn = new ChatConnection(socket, {
        kind: "agent",
        workspaceId: p.workspaceId,
        agentId: viewer.agentId,
        seesAll: viewer.seesAll,
      });
      const remove = await hub.add(conn);
      socket.on("close", remove);
      socket.on("message", (raw) => {
        const frame = parseFrame(agentFrame, raw);
        if (!frame) return bad(socket);
        void (async () => {
          if (frame.type === "ping") return conn.send({ type: "pong" });
          const [conv] = await db
            .select()
            .from(chatConversations)
            .where(
              and(eq(chatConversations.workspaceId, p.workspaceId), eq(chatConversations.id, frame.conversationId)),
            );
          if (!conv || !canSee(viewer, conv))
            return conn.send({
              type: "error",
              message: "conversation not found",
              conversationId: frame.conversationId,
            });
          switch (frame.type) {
            case "subscribe":
              conn.follow(conv.id, frame.after);
              return hub.deliver(conn, conv.id);
            case "unsubscribe":
              return conn.unfollow(conv.id);
            case "typing":
              return publish({ k: "t", w: p.workspaceId, c: conv.id, by: "agent", on: frame.on });
            case "read":
              await db
                .update(chatConversations)
                .set({ agentReadPosition: sql`greatest(${chatConversations.agentReadPosition}, ${frame.position})` })
                .where(eq(chatConversations.id, conv.id));
              return publish({ k: "r", w: p.workspaceId, c: conv.id, by: "agent", p: frame.position });
          }
        })().catch(() => undefined);
      });
      conn.send({ type: "ready", agentId: viewer.agentId, seesAll: viewer.seesAll });
    },
  );

  app.get(
    "/api/widget/ws",
    {
      websocket: true,
      schema: {
        tags: ["widget"],
        summary: "A visitor's real-time socket: agent joined, messages, typing, queue position",
      },
    },
    async (socket: WebSocket, req: FastifyRequest) => {
      const token = visitorToken(req);
      const visitor = token ? await visitorForToken(db, token) : undefined;
      if (!visitor) return socket.close(4401, "invalid visitor session token");
      const conv = await visitorConversation(db, visitor);
      if (!conv) return socket.close(4404, "no conversation");
      const { after } = resumeQuery.parse(req.query ?? {});
      const conn = new ChatConnection(socket, {
        kind: "visitor",
        workspaceId: visitor.workspaceId,
        agentId: null,
        seesAll: false,
      });
      conn.follow(conv.id, after);
      const remove = await hub.add(conn);
      socket.on("close", remove);
      socket.on("message", (raw) => {
        const frame = parseFrame(visitorFrame, raw);
        if (!frame) return bad(socket);
        if (frame.type === "ping") return conn.send({ type: "pong" });
        if (frame.type === "typing")
          return publish({ k: "t", w: visitor.workspaceId, c: conv.id, by: "visitor", on: frame.on });
        void db
          .update(chatConversations)
          .set({ visitorReadPosition: sql`greatest(${chatConversations.visitorReadPosition}, ${frame.position})` })
          .where(eq(chatConversations.id, conv.id))
          .then(() => publish({ k: "r", w: visitor.workspaceId, c: conv.id, by: "visitor", p: frame.position }))
          .catch(() => undefined);
      });
      conn.send({ type: "ready", conversationId: conv.id, status: conv.status });
      await hub.deliver(conn, conv.id);
    },
  );
}
