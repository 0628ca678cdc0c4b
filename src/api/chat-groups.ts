import { and, asc, eq, isNull } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../db/audit.ts";
import type { DbOrTx } from "../db/database.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { agents, chatGroupMembers, chatGroups } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { newId } from "../lib/ids.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import {
  type ChatGroupDto,
  chatGroupSchema,
  createGroupBody,
  groupAgentsBody,
  includeDeletedQuery,
  patchGroupBody,
} from "./chat-contracts.ts";
import { idParams } from "./contracts.ts";

type GroupRow = typeof chatGroups.$inferSelect;

async function groupDto(db: DbOrTx, g: GroupRow): Promise<ChatGroupDto> {
  const members = await db
    .select({ agentId: chatGroupMembers.agentId })
    .from(chatGroupMembers)
    .where(eq(chatGroupMembers.groupId, g.id))
    .orderBy(asc(chatGroupMembers.agentId));
  return {
    id: g.id,
    name: g.name,
    routingStrategy: g.routingStrategy,
    isDefault: g.isDefault,
    offerTimeoutSeconds: g.offerTimeoutSeconds,
    agentIds: members.map((m) => m.agentId),
    createdAt: g.createdAt.toISOString(),
    deletedAt: g.deletedAt?.toISOString() ?? null,
  };
}

const conflict = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new ApiError("conflict", "a group with this name exists");
  throw error;
};

/** Built-in chat groups: CRUD, soft delete and restore, members (admin writes, everyone reads). */
export async function chatGroupRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const tags = ["chat"];
  const load = async (workspaceId: string, id: string, deleted = false) => {
    const [row] = await db
      .select()
      .from(chatGroups)
      .where(
        and(
          eq(chatGroups.workspaceId, workspaceId),
          eq(chatGroups.id, id),
          deleted ? undefined : isNull(chatGroups.deletedAt),
        ),
      );
    if (!row) throw notFound("group");
    return row;
  };
  /** One default group per workspace: making one default clears the others in the same transaction. */
  const clearDefault = (tx: DbOrTx, workspaceId: string) =>
    tx.update(chatGroups).set({ isDefault: false }).where(eq(chatGroups.workspaceId, workspaceId));

  r.get(
    "/api/chat/groups",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Chat groups",
        querystring: includeDeletedQuery,
        response: { 200: z.object({ items: z.array(chatGroupSchema) }) },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(chatGroups)
        .where(
          and(
            eq(chatGroups.workspaceId, principalOf(req).workspaceId),
            req.query.includeDeleted ? undefined : isNull(chatGroups.deletedAt),
          ),
        )
        .orderBy(asc(chatGroups.name));
      return { items: await Promise.all(rows.map((g) => groupDto(db, g))) };
    },
  );

  r.post(
    "/api/chat/groups",
    {
      preHandler: auth("admin"),
      schema: { tags, summary: "Create a chat group", body: createGroupBody, response: { 201: chatGroupSchema } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const id = newId("grp", deps.now());
      await db
        .transaction(async (tx) => {
          if (req.body.isDefault) await clearDefault(tx, p.workspaceId);
          await tx
            .insert(chatGroups)
            .values({ id, workspaceId: p.workspaceId, ...req.body, isDefault: req.body.isDefault ?? false });
          await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "chat_group.created", target: id });
        })
        .catch(conflict);
      return reply.code(201).send(await groupDto(db, await load(p.workspaceId, id)));
    },
  );

  r.get(
    "/api/chat/groups/:id",
    {
      preHandler: auth("agent"),
      schema: { tags, summary: "One chat group", params: idParams, response: { 200: chatGroupSchema } },
    },
    async (req) => groupDto(db, await load(principalOf(req).workspaceId, req.params.id)),
  );

  r.patch(
    "/api/chat/groups/:id",
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Edit a chat group",
        params: idParams,
        body: patchGroupBody,
        response: { 200: chatGroupSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      await db
        .transaction(async (tx) => {
          if (req.body.isDefault) await clearDefault(tx, p.workspaceId);
          await tx
            .update(chatGroups)
            .set({ ...req.body, updatedAt: new Date(deps.now()) })
            .where(eq(chatGroups.id, row.id));
          await audit(tx, {
            workspaceId: p.workspaceId,
            actor: p.actor,
            action: "chat_group.updated",
            target: row.id,
            details: req.body,
          });
        })
        .catch(conflict);
      return groupDto(db, await load(p.workspaceId, row.id));
    },
  );

  r.delete(
    "/api/chat/groups/:id",
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Delete a chat group (soft; restorable)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      await db
        .update(chatGroups)
        .set({ deletedAt: new Date(deps.now()), isDefault: false })
        .where(eq(chatGroups.id, row.id));
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "chat_group.deleted", target: row.id });
      return reply.code(204).send(null);
    },
  );

  r.post(
    "/api/chat/groups/:id/restore",
    {
      preHandler: auth("admin"),
      schema: { tags, summary: "Restore a deleted chat group", params: idParams, response: { 200: chatGroupSchema } },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id, true);
      await db.update(chatGroups).set({ deletedAt: null }).where(eq(chatGroups.id, row.id)).catch(conflict);
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "chat_group.restored", target: row.id });
      return groupDto(db, await load(p.workspaceId, row.id));
    },
  );

  r.post(
    "/api/chat/groups/:id/agents",
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Add agents to a group (many at once)",
        params: idParams,
        body: groupAgentsBody,
        response: { 200: chatGroupSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const ids = [...new Set(req.body.agentIds)];
      const found = await db
        .select({ id: agents.id })
        .from(agents)
        .where(and(eq(agents.workspaceId, p.workspaceId), isNull(agents.deletedAt)));
      const known = new Set(found.map((a) => a.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new ApiError("not_found", "agent not found", { agentIds: unknown });
      await db.transaction(async (tx) => {
        await tx
          .insert(chatGroupMembers)
          .values(ids.map((agentId) => ({ workspaceId: p.workspaceId, groupId: row.id, agentId })))
          .onConflictDoNothing();
        // New members may take chats that are waiting.
        await wakeRouting(tx, p.workspaceId, true);
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "chat_group.agents_added",
          target: row.id,
          details: { agentIds: ids },
        });
      });
      return groupDto(db, row);
    },
  );

  r.delete(
    "/api/chat/groups/:id/agents/:agentId",
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Remove an agent from a group",
        params: z.object({ id: z.string().max(64), agentId: z.string().max(64) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const removed = await db
        .delete(chatGroupMembers)
        .where(and(eq(chatGroupMembers.groupId, row.id), eq(chatGroupMembers.agentId, req.params.agentId)))
        .returning();
      if (removed.length === 0) throw notFound("group member");
      await audit(db, {
        workspaceId: p.workspaceId,
        actor: p.actor,
        action: "chat_group.agent_removed",
        target: row.id,
        details: { agentId: req.params.agentId },
      });
      return reply.code(204).send(null);
    },
  );
}
