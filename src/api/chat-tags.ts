import { and, asc, eq, isNull } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../db/audit.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { chatTags } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { newId } from "../lib/ids.ts";
import { chatTagSchema, createTagBody, includeDeletedQuery, patchTagBody } from "./chat-contracts.ts";
import { idParams } from "./contracts.ts";

type TagRow = typeof chatTags.$inferSelect;
const tagDto = (t: TagRow) => ({
  id: t.id,
  name: t.name,
  color: t.color,
  createdAt: t.createdAt.toISOString(),
  deletedAt: t.deletedAt?.toISOString() ?? null,
});
const conflict = (error: unknown): never => {
  if (isUniqueViolation(error)) throw new ApiError("conflict", "a tag with this name exists");
  throw error;
};

/** Conversation tags: CRUD with soft delete and restore (supervisors write, everyone reads). */
export async function chatTagRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const tags = ["chat"];
  const load = async (workspaceId: string, id: string, deleted = false) => {
    const [row] = await db
      .select()
      .from(chatTags)
      .where(
        and(
          eq(chatTags.workspaceId, workspaceId),
          eq(chatTags.id, id),
          deleted ? undefined : isNull(chatTags.deletedAt),
        ),
      );
    if (!row) throw notFound("tag");
    return row;
  };

  r.get(
    "/api/chat/tags",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Chat tags",
        querystring: includeDeletedQuery,
        response: { 200: z.object({ items: z.array(chatTagSchema) }) },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(chatTags)
        .where(
          and(
            eq(chatTags.workspaceId, principalOf(req).workspaceId),
            req.query.includeDeleted ? undefined : isNull(chatTags.deletedAt),
          ),
        )
        .orderBy(asc(chatTags.name));
      return { items: rows.map(tagDto) };
    },
  );

  r.post(
    "/api/chat/tags",
    {
      preHandler: auth("supervisor"),
      schema: { tags, summary: "Create a tag", body: createTagBody, response: { 201: chatTagSchema } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const id = newId("tag", deps.now());
      await db
        .insert(chatTags)
        .values({ id, workspaceId: p.workspaceId, ...req.body })
        .catch(conflict);
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "chat_tag.created", target: id });
      return reply.code(201).send(tagDto(await load(p.workspaceId, id)));
    },
  );

  r.get(
    "/api/chat/tags/:id",
    {
      preHandler: auth("agent"),
      schema: { tags, summary: "One tag", params: idParams, response: { 200: chatTagSchema } },
    },
    async (req) => tagDto(await load(principalOf(req).workspaceId, req.params.id)),
  );

  r.patch(
    "/api/chat/tags/:id",
    {
      preHandler: auth("supervisor"),
      schema: { tags, summary: "Edit a tag", params: idParams, body: patchTagBody, response: { 200: chatTagSchema } },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      await db
        .update(chatTags)
        .set({ ...req.body, updatedAt: new Date(deps.now()) })
        .where(eq(chatTags.id, row.id))
        .catch(conflict);
      return tagDto(await load(p.workspaceId, row.id));
    },
  );

  r.delete(
    "/api/chat/tags/:id",
    {
      preHandler: auth("supervisor"),
      schema: { tags, summary: "Delete a tag (soft; restorable)", params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      await db
        .update(chatTags)
        .set({ deletedAt: new Date(deps.now()) })
        .where(eq(chatTags.id, row.id));
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "chat_tag.deleted", target: row.id });
      return reply.code(204).send(null);
    },
  );

  r.post(
    "/api/chat/tags/:id/restore",
    {
      preHandler: auth("supervisor"),
      schema: { tags, summary: "Restore a deleted tag", params: idParams, response: { 200: chatTagSchema } },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id, true);
      await db.update(chatTags).set({ deletedAt: null }).where(eq(chatTags.id, row.id)).catch(conflict);
      return tagDto(await load(p.workspaceId, row.id));
    },
  );
}
