import { and, asc, eq, gt } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { chatBusFor } from "../chat/bus.ts";
import { postAgentMessage } from "../chat/messages.ts";
import { canSee, chatViewer } from "../chat/viewer.ts";
import { eventDto } from "../chat/views.ts";
import { agents, chatConversations, chatEvents, chatThreads } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { chatEventSchema, postEventBody, threadEventsQuery } from "./chat-contracts.ts";
import { idParams } from "./contracts.ts";

/** A thread's immutable events: read them in sequence order, post agent messages into the active thread. */
export async function chatThreadRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const bus = chatBusFor(deps.database.pool);
  const tags = ["chat"];
  const threadFor = async (req: Parameters<typeof principalOf>[0], id: string) => {
    const p = principalOf(req);
    const [thread] = await db
      .select()
      .from(chatThreads)
      .where(and(eq(chatThreads.workspaceId, p.workspaceId), eq(chatThreads.id, id)));
    if (!thread) throw notFound("thread");
    const [conv] = await db.select().from(chatConversations).where(eq(chatConversations.id, thread.conversationId));
    const viewer = await chatViewer(db, p);
    if (!conv || !canSee(viewer, conv)) throw notFound("thread");
    return { p, viewer, thread };
  };

  r.get(
    "/api/chat/threads/:id/events",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "A thread's events in sequence order (`afterSequence` to read only newer ones)",
        params: idParams,
        querystring: threadEventsQuery,
        response: { 200: z.object({ items: z.array(chatEventSchema) }) },
      },
    },
    async (req) => {
      const { thread } = await threadFor(req, req.params.id);
      const rows = await db
        .select()
        .from(chatEvents)
        .where(and(eq(chatEvents.threadId, thread.id), gt(chatEvents.sequence, req.query.afterSequence)))
        .orderBy(asc(chatEvents.sequence))
        .limit(req.query.limit);
      return { items: rows.map(eventDto) };
    },
  );

  r.post(
    "/api/chat/threads/:id/events",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Post an agent message into the conversation's active thread",
        description:
          "A person posts as the agent linked to their login (agents only in their own chats). A key with the write scope may post as a named agent with `authorId` (integrations).",
        params: idParams,
        body: postEventBody,
        response: { 201: chatEventSchema },
      },
    },
    async (req, reply) => {
      const { p, viewer, thread } = await threadFor(req, req.params.id);
      let agentId = viewer.agentId;
      if (req.body.authorId && req.body.authorId !== viewer.agentId) {
        if (p.role === "agent") throw new ApiError("forbidden", "posting as another agent needs the write scope");
        const [named] = await db
          .select({ id: agents.id })
          .from(agents)
          .where(and(eq(agents.id, req.body.authorId), eq(agents.workspaceId, p.workspaceId)));
        if (!named) throw notFound("agent");
        agentId = named.id;
      }
      if (!agentId)
        throw new ApiError("unprocessable", "no agent to post as: link your login to an agent or give authorId");
      const postAs = agentId;
      const outcome = await db.transaction((tx) =>
        postAgentMessage(tx, {
          workspaceId: p.workspaceId,
          threadId: thread.id,
          agentId: postAs,
          mustOwn: !viewer.seesAll,
          text: req.body.text,
          nowMs: deps.now(),
        }),
      );
      switch (outcome.kind) {
        case "posted":
          await bus.publish(outcome.notices);
          return reply.code(201).send(eventDto(outcome.event));
        case "not_found":
          throw notFound("thread");
        case "closed":
          throw new ApiError("conflict", "the conversation is closed");
        case "not_active":
          throw new ApiError("conflict", "this thread is closed; post into the conversation's active thread");
        case "not_yours":
          throw new ApiError("forbidden", "not your chat: take it first");
      }
    },
  );
}
