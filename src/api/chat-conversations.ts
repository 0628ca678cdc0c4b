import { and, desc, eq, or, sql } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { chatBusFor } from "../chat/bus.ts";
import { closeConversation, requeue } from "../chat/lifecycle.ts";
import { assignByHand } from "../chat/manual-assign.ts";
import { acceptOffer } from "../chat/offers.ts";
import { resolveGroup } from "../chat/sessions.ts";
import { lockConversation } from "../chat/store.ts";
import { canSee, chatViewer } from "../chat/viewer.ts";
import { conversationDtos } from "../chat/views.ts";
import { audit } from "../db/audit.ts";
import { chatConversations, chatRoutingDecisions, chatTags } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import {
  assignBody,
  chatConversationSchema,
  conversationListQuery,
  routingCandidateSchema,
  routingDecisionSchema,
  routingStrategySchema,
  tagsBody,
} from "./chat-contracts.ts";
import { idParams, page } from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

/** The agents' chat runtime: the inbox, assignment and transfer, closing, tags, the routing explanation. */
export async function chatConversationRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const bus = chatBusFor(deps.database.pool);
  const tags = ["chat"];
  const visible = async (req: Parameters<typeof principalOf>[0], id: string) => {
    const p = principalOf(req);
    const viewer = await chatViewer(db, p);
    const [row] = await db
      .select()
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, p.workspaceId), eq(chatConversations.id, id)));
    if (!row || !canSee(viewer, row)) throw notFound("conversation");
    return { p, viewer, row };
  };
  const one = async (id: string) => {
    const [row] = await db.select().from(chatConversations).where(eq(chatConversations.id, id));
    if (!row) throw notFound("conversation");
    const [dto] = await conversationDtos(db, [row]);
    if (!dto) throw notFound("conversation");
    return dto;
  };

  r.get(
    "/api/chat/conversations",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Built-in chats, newest first (agents: the queue and their own; supervisors: all)",
        querystring: conversationListQuery,
        response: { 200: page(chatConversationSchema) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const viewer = await chatViewer(db, p);
      const q = req.query;
      const rows = await db
        .select()
        .from(chatConversations)
        .where(
          and(
            eq(chatConversations.workspaceId, p.workspaceId),
            q.status ? eq(chatConversations.status, q.status) : undefined,
            q.groupId ? eq(chatConversations.groupId, q.groupId) : undefined,
            q.agentId ? eq(chatConversations.agentId, q.agentId) : undefined,
            q.tagId ? sql`${chatConversations.tagIds} @> ${JSON.stringify([q.tagId])}::jsonb` : undefined,
            viewer.seesAll
              ? undefined
              : or(
                  eq(chatConversations.status, "queued"),
                  viewer.agentId ? eq(chatConversations.agentId, viewer.agentId) : undefined,
                ),
            afterKey(chatConversations.id, q.cursor),
          ),
        )
        .orderBy(desc(chatConversations.id))
        .limit(fetchSize(q.limit));
      const cut = cutPage(rows, q.limit, (r) => r.id);
      return { items: await conversationDtos(db, cut.rows), nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/chat/conversations/:id",
    {
      preHandler: auth("agent"),
      schema: { tags, summary: "One built-in chat", params: idParams, response: { 200: chatConversationSchema } },
    },
    async (req) => one((await visible(req, req.params.id)).row.id),
  );

  r.post(
    "/api/chat/conversations/:id/assign",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Assign or transfer to an agent (within their capacity) or back to a group's queue",
        description:
          "Agents may take a queued chat for themselves; supervisors assign and transfer any chat. The active thread closes with a system event and a new one opens with '<agent> joined'. 409 when the agent cannot take it (with the reason: on_call, at_capacity, …).",
        params: idParams,
        body: assignBody,
        response: { 200: chatConversationSchema },
      },
    },
    async (req) => {
      const { p, viewer, row } = await visible(req, req.params.id);
      const { agentId, groupId } = req.body;
      if ((agentId === undefined) === (groupId === undefined))
        throw new ApiError("bad_request", "give exactly one of agentId or groupId");
      const supervisor = viewer.seesAll && p.role !== "agent";
      if (!supervisor && !viewer.seesAll && (groupId || agentId !== viewer.agentId))
        throw new ApiError("forbidden", "agents may only take chats for themselves");
      const notices = await db.transaction(async (tx) => {
        const conv = await lockConversation(tx, p.workspaceId, row.id);
        if (!conv || conv.status === "closed") throw new ApiError("conflict", "the conversation is closed");
        const nowMs = deps.now();
        if (groupId) {
          const group = await resolveGroup(tx, p.workspaceId, groupId);
          if (!group) throw notFound("group");
          return (await requeue(tx, conv, { groupId: group.id, nowMs, reason: `by ${p.actor}` })).notices;
        }
        if (conv.status === "assigned" && conv.agentId === agentId) return [];
        const outcome = await assignByHand(tx, conv, { agentId: agentId ?? "", nowMs, by: p.actor });
        if (outcome.kind === "refused") {
          if (outcome.reason === "unknown_agent") throw notFound("agent");
          throw new ApiError("conflict", `the agent cannot take this chat: ${outcome.reason}`, {
            reason: outcome.reason,
          });
        }
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "chat.assigned",
          target: conv.id,
          details: req.body,
        });
        return outcome.result.notices;
      });
      await bus.publish(notices);
      return one(row.id);
    },
  );

  r.post(
    "/api/chat/conversations/:id/accept",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Accept a chat offered to you (groups in offer mode)",
        params: idParams,
        response: { 200: chatConversationSchema },
      },
    },
    async (req) => {
      const { p, viewer, row } = await visible(req, req.params.id);
      if (!viewer.agentId) throw new ApiError("forbidden", "only an agent can accept an offer");
      const agentId = viewer.agentId;
      const result = await db.transaction((tx) => acceptOffer(tx, p.workspaceId, row.id, agentId, deps.now()));
      if (!result) throw new ApiError("conflict", "no open offer of this chat to you (it may have timed out)");
      await bus.publish(result.notices);
      return one(row.id);
    },
  );

  r.post(
    "/api/chat/conversations/:id/close",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Close a chat (frees the agent's capacity)",
        params: idParams,
        response: { 200: chatConversationSchema },
      },
    },
    async (req) => {
      const { p, viewer, row } = await visible(req, req.params.id);
      if (!viewer.seesAll && row.agentId !== viewer.agentId) throw new ApiError("forbidden", "not your chat");
      const result = await db.transaction((tx) =>
        closeConversation(tx, p.workspaceId, row.id, { nowMs: deps.now(), by: p.actor }),
      );
      if (!result) throw notFound("conversation");
      await bus.publish(result.notices);
      return one(row.id);
    },
  );

  const tagRoute = (method: "POST" | "DELETE") =>
    r.route({
      method,
      url: "/api/chat/conversations/:id/tags",
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: method === "POST" ? "Tag a chat" : "Remove tags from a chat",
        params: idParams,
        body: tagsBody,
        response: { 200: chatConversationSchema },
      },
      handler: async (req) => {
        const { p, row } = await visible(req, req.params.id);
        const known = await db
          .select({ id: chatTags.id })
          .from(chatTags)
          .where(eq(chatTags.workspaceId, p.workspaceId));
        const ids = new Set(known.map((t) => t.id));
        const unknown = req.body.tagIds.filter((t) => !ids.has(t));
        if (method === "POST" && unknown.length > 0)
          throw new ApiError("not_found", "tag not found", { tagIds: unknown });
        await db.transaction(async (tx) => {
          const conv = await lockConversation(tx, p.workspaceId, row.id);
          if (!conv) throw notFound("conversation");
          const next =
            method === "POST"
              ? [...new Set([...conv.tagIds, ...req.body.tagIds])]
              : conv.tagIds.filter((t) => !req.body.tagIds.includes(t));
          await tx.update(chatConversations).set({ tagIds: next }).where(eq(chatConversations.id, conv.id));
        });
        await bus.publish([{ k: "c", w: p.workspaceId, c: row.id, a: row.agentId }]);
        return one(row.id);
      },
    });
  tagRoute("POST");
  tagRoute("DELETE");

  r.get(
    "/api/chat/conversations/:id/routing",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Every routing decision for a chat: candidates, why each was excluded, the strategy and the winner",
        params: idParams,
        response: { 200: z.object({ decisions: z.array(routingDecisionSchema) }) },
      },
    },
    async (req) => {
      const { p, row } = await visible(req, req.params.id);
      const rows = await db
        .select()
        .from(chatRoutingDecisions)
        .where(
          and(eq(chatRoutingDecisions.workspaceId, p.workspaceId), eq(chatRoutingDecisions.conversationId, row.id)),
        )
        .orderBy(chatRoutingDecisions.id);
      return {
        decisions: rows.map((d) => ({
          id: d.id,
          at: d.createdAt.toISOString(),
          groupId: d.groupId,
          strategy: routingStrategySchema.parse(d.strategy),
          chosenAgentId: d.chosenAgentId,
          why: d.why,
          candidates: z.array(routingCandidateSchema).parse(d.candidates),
        })),
      };
    },
  );
}
