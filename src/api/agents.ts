import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { agentView, agentViews, identitiesFor } from "../agents/view.ts";
import { requeueAgentChats } from "../chat/agent-removal.ts";
import { chatBusFor } from "../chat/bus.ts";
import type { ChatNotice } from "../chat/notices.ts";
import { audit } from "../db/audit.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { agentIdentities, agents, availabilityHistory, connections } from "../db/schema/index.ts";
import { setIntent } from "../domain/availability/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { newId } from "../lib/ids.ts";
import { runEngineStep } from "../sync/agent-engine.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import { agentSummarySchema, historyEntrySchema, idParams, listQuery, page } from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  email: z
    .string()
    .email()
    .transform((e) => e.toLowerCase()),
  capacity: z.number().int().min(1).max(10_000).optional(),
  callCost: z.number().int().min(0).max(10_000).optional(),
  chatCost: z.number().int().min(0).max(10_000).optional(),
});
const patchBody = createBody.partial().extend({
  /** The agent's own choice, set in Switchboard: carried to every platform like a change made on one. */
  intent: z.enum(["available", "away", "offline"]).optional(),
  policy: z.record(z.string(), z.unknown()).optional(),
  /** Built-in chat settings. */
  maxChats: z.number().int().min(0).max(100).optional(),
  chatEnabled: z.boolean().optional(),
  chatRole: z.enum(["admin", "supervisor", "agent"]).optional(),
});
const identityBody = z.object({ connectionId: z.string(), externalId: z.string().min(1) });

/** Agents: the registry (discovered from the platforms, editable here), their live state and history. */
export async function agentRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["agents"];
  const db = deps.database.db;
  const load = async (workspaceId: string, id: string) => {
    const [row] = await db
      .select()
      .from(agents)
      .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, id), isNull(agents.deletedAt)));
    if (!row) throw notFound("agent");
    return row;
  };

  r.get(
    "/api/agents",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Every agent with live state",
        response: { 200: z.object({ items: z.array(agentSummarySchema) }) },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(agents)
        .where(and(eq(agents.workspaceId, principalOf(req).workspaceId), isNull(agents.deletedAt)))
        .orderBy(asc(agents.name));
      return { items: await agentViews(db, rows) };
    },
  );

  r.get(
    "/api/agents/:id",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "One agent: intent, engagements, per-platform desired and actual state",
        params: idParams,
        response: { 200: agentSummarySchema },
      },
    },
    async (req) => {
      const row = await load(principalOf(req).workspaceId, req.params.id);
      return agentView(row, await identitiesFor(db, row.id));
    },
  );

  r.post(
    "/api/agents",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Create an agent by hand (discovery creates them from the platforms too)",
        body: createBody,
        response: { 201: agentSummarySchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const id = newId("agt");
      try {
        await db.insert(agents).values({ id, workspaceId: p.workspaceId, ...req.body });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ApiError("conflict", "an agent with this email exists");
        throw error;
      }
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "agent.created", target: id });
      return reply.code(201).send(agentView(await load(p.workspaceId, id), []));
    },
  );

  r.patch(
    "/api/agents/:id",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Edit an agent; `intent` sets their availability everywhere",
        params: idParams,
        body: patchBody,
        response: { 200: agentSummarySchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const { intent, ...fields } = req.body;
      await db.transaction(async (tx) => {
        if (Object.keys(fields).length > 0)
          await tx
            .update(agents)
            .set({ ...fields, updatedAt: new Date() })
            .where(eq(agents.id, row.id));
        const nowMs = deps.now();
        await runEngineStep(
          tx,
          { workspaceId: p.workspaceId, agentId: row.id, cause: `api:${p.actor}`, nowMs },
          (state, actuals) => ({
            state: intent
              ? setIntent(state, { status: intent, source: "switchboard", at: new Date(nowMs).toISOString() }).state
              : state,
            actuals,
          }),
        );
        // More room or chats switched on: waiting built-in chats may fit now.
        await wakeRouting(tx, p.workspaceId, true);
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "agent.updated",
          target: row.id,
          details: { fields: Object.keys(req.body) },
        });
      });
      return agentView(await load(p.workspaceId, row.id), await identitiesFor(db, row.id));
    },
  );

  r.delete(
    "/api/agents/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Remove an agent (soft delete; history kept)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const notices: ChatNotice[] = [];
      await db.transaction(async (tx) => {
        // First, while the agent still counts: their open built-in chats end on their state and go back to the queue.
        notices.push(...(await requeueAgentChats(tx, p.workspaceId, row.id, deps.now())));
        await tx.update(agents).set({ deletedAt: new Date() }).where(eq(agents.id, row.id));
        await tx.delete(agentIdentities).where(eq(agentIdentities.agentId, row.id));
        await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "agent.deleted", target: row.id });
      });
      await chatBusFor(deps.database.pool).publish(notices);
      return reply.code(204).send(null);
    },
  );

  r.put(
    "/api/agents/:id/identities",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Link a platform identity to this agent by hand (discovery never moves it)",
        params: idParams,
        body: identityBody,
        response: { 200: agentSummarySchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const [connection] = await db
        .select()
        .from(connections)
        .where(
          and(
            eq(connections.id, req.body.connectionId),
            eq(connections.workspaceId, p.workspaceId),
            isNull(connections.deletedAt),
          ),
        );
      if (!connection) throw notFound("connection");
      await db
        .insert(agentIdentities)
        .values({
          id: newId("agt"),
          workspaceId: p.workspaceId,
          agentId: row.id,
          connectionId: connection.id,
          platform: connection.platform,
          externalId: req.body.externalId,
          manual: true,
        })
        .onConflictDoUpdate({
          target: [agentIdentities.connectionId, agentIdentities.externalId],
          set: { agentId: row.id, manual: true },
        });
      await audit(db, {
        workspaceId: p.workspaceId,
        actor: p.actor,
        action: "agent.identity_linked",
        target: row.id,
        details: req.body,
      });
      return agentView(row, await identitiesFor(db, row.id));
    },
  );

  r.get(
    "/api/agents/:id/availability-history",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Every availability transition of the agent with its cause, newest first",
        params: idParams,
        querystring: listQuery,
        response: { 200: page(historyEntrySchema) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const { limit, cursor } = req.query;
      const rows = await db
        .select()
        .from(availabilityHistory)
        .where(
          and(
            eq(availabilityHistory.workspaceId, p.workspaceId),
            eq(availabilityHistory.agentId, row.id),
            afterKey(availabilityHistory.id, cursor),
          ),
        )
        .orderBy(desc(availabilityHistory.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map((h) => ({
        id: h.id,
        at: h.at.toISOString(),
        kind: h.kind,
        detail: h.detail,
        cause: h.cause,
      }));
      return { items, nextCursor: cut.nextCursor };
    },
  );
}
