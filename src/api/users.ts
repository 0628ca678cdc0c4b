import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { hashPassword, passwordSchema } from "../auth/passwords.ts";
import { revokeUserSessions } from "../auth/refresh-tokens.ts";
import { createUser, EmailTakenError, findUser, toUserDto, userSchema } from "../auth/users.ts";
import { audit } from "../db/audit.ts";
import type { DbOrTx } from "../db/database.ts";
import { agents, USER_ROLES, users } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { randomToken } from "../lib/crypto.ts";
import { createdUserSchema, userListSchema } from "./auth-contracts.ts";
import { idParams } from "./contracts.ts";

const createBody = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(USER_ROLES),
  /** Omitted: one is generated and returned once. */
  password: passwordSchema.optional(),
  agentId: z.string().max(64).nullable().optional(),
});
const patchBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(USER_ROLES).optional(),
  password: passwordSchema.optional(),
  agentId: z.string().max(64).nullable().optional(),
  disabled: z.boolean().optional(),
});

async function assertAgent(db: DbOrTx, workspaceId: string, agentId: string | null | undefined): Promise<void> {
  if (!agentId) return;
  const [row] = await db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, agentId), isNull(agents.deletedAt)));
  if (!row) throw new ApiError("unprocessable", `no agent ${agentId} in this workspace`);
}

/** The workspace must keep an admin who can sign in: the last one cannot be demoted, disabled or deleted. */
async function assertAnotherAdmin(db: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspaceId),
        eq(users.role, "admin"),
        ne(users.id, userId),
        isNull(users.deletedAt),
        isNull(users.disabledAt),
      ),
    );
  if ((row?.n ?? 0) === 0) throw new ApiError("conflict", "this is the workspace's last admin");
}

/** People and their roles (admin only). Role, password and disable changes end the user's sessions at once. */
export async function userRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["users"];
  const db = deps.database.db;
  const load = async (workspaceId: string, id: string) => {
    const row = await findUser(db, workspaceId, id);
    if (!row) throw notFound("user");
    return row;
  };

  r.get(
    "/api/users",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Every user of the workspace",
        response: { 200: userListSchema },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(users)
        .where(and(eq(users.workspaceId, principalOf(req).workspaceId), isNull(users.deletedAt)))
        .orderBy(asc(users.email));
      return { items: rows.map(toUserDto) };
    },
  );

  r.get(
    "/api/users/:id",
    {
      onRequest: auth("admin"),
      schema: { tags, summary: "One user", params: idParams, response: { 200: userSchema } },
    },
    async (req) => toUserDto(await load(principalOf(req).workspaceId, req.params.id)),
  );

  r.post(
    "/api/users",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Create a user; without a password one is generated and shown once",
        body: createBody,
        response: { 201: createdUserSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await assertAgent(db, p.workspaceId, req.body.agentId);
      const generated = req.body.password ? null : randomToken(18);
      try {
        const row = await createUser(db, {
          workspaceId: p.workspaceId,
          ...req.body,
          password: req.body.password ?? generated ?? "",
        });
        await audit(db, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "user.created",
          target: row.id,
          details: { email: row.email, role: row.role },
        });
        return reply.code(201).send({ user: toUserDto(row), password: generated });
      } catch (error) {
        if (error instanceof EmailTakenError) throw new ApiError("conflict", error.message);
        throw error;
      }
    },
  );

  r.patch(
    "/api/users/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Change name, role, password, linked agent, or disable/enable",
        params: idParams,
        body: patchBody,
        response: { 200: userSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const { name, role, password, agentId, disabled } = req.body;
      const losesAdmin = row.role === "admin" && ((role !== undefined && role !== "admin") || disabled === true);
      if (losesAdmin) await assertAnotherAdmin(db, p.workspaceId, row.id);
      await assertAgent(db, p.workspaceId, agentId);
      const endsSessions = (role !== undefined && role !== row.role) || password !== undefined || disabled === true;
      const [updated] = await db
        .update(users)
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(role !== undefined ? { role } : {}),
          ...(agentId !== undefined ? { agentId } : {}),
          ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
          ...(disabled !== undefined ? { disabledAt: disabled ? (row.disabledAt ?? new Date()) : null } : {}),
          ...(endsSessions ? { tokenVersion: sql`${users.tokenVersion} + 1` } : {}),
          updatedAt: new Date(),
        })
        .where(and(eq(users.workspaceId, p.workspaceId), eq(users.id, row.id)))
        .returning();
      if (endsSessions) await revokeUserSessions(db, row.id, deps.now());
      await audit(db, {
        workspaceId: p.workspaceId,
        actor: p.actor,
        action: "user.updated",
        target: row.id,
        details: { fields: Object.keys(req.body) },
      });
      if (!updated) throw notFound("user");
      return toUserDto(updated);
    },
  );

  r.delete(
    "/api/users/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Delete a user (their sessions end; the audit trail keeps their id)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      if (row.role === "admin") await assertAnotherAdmin(db, p.workspaceId, row.id);
      await db
        .update(users)
        .set({ deletedAt: new Date(), tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(eq(users.id, row.id));
      await revokeUserSessions(db, row.id, deps.now());
      await audit(db, { workspaceId: p.workspaceId, actor: p.actor, action: "user.deleted", target: row.id });
      return reply.code(204).send(null);
    },
  );
}
