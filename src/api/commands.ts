import { and, desc, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { COMMAND_STATES, commandState } from "../commands/display-state.ts";
import { enqueueCommand } from "../commands/repo.ts";
import { audit } from "../db/audit.ts";
import { COMMAND_STATUSES, commands } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { idParams, listQuery, page, platformSchema } from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

export const commandSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  platform: z.string(),
  agentId: z.string().nullable(),
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string(),
  status: z.enum(COMMAND_STATUSES),
  attempts: z.number(),
  maxAttempts: z.number(),
  lastError: z.string().nullable(),
  externalId: z.string().nullable(),
  cause: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  /** When the command's job runs next (end of a rate-limit window or of a retry's backoff). */
  waitingUntil: z.string().nullable(),
  /** Set while the command waits for a rate-limit window or an open circuit: not a failure. */
  waitingReason: z.string().nullable(),
  /** What the command is doing, named for what it is (the row's status says "failed" for a write being retried). */
  state: z.object({
    name: z.enum(COMMAND_STATES),
    summary: z.string(),
    until: z.string().nullable(),
    reason: z.string().nullable(),
    attempt: z.number(),
    maxAttempts: z.number(),
    canRetry: z.boolean(),
    errorIsFinal: z.boolean(),
  }),
});

const toDto = (row: typeof commands.$inferSelect) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
  waitingUntil: row.waitingUntil?.toISOString() ?? null,
  state: commandState(row),
});

/** The sync log: every write to a platform, with its attempts and errors; dead letters can be retried. */
export async function commandRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["commands"];
  const db = deps.database.db;

  r.get(
    "/api/commands",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "List commands (the sync log), newest first",
        querystring: listQuery.extend({
          status: z.enum(COMMAND_STATUSES).optional(),
          platform: platformSchema.optional(),
          agentId: z.string().optional(),
        }),
        response: { 200: page(commandSchema) },
      },
    },
    async (req) => {
      const { limit, cursor, status, platform, agentId } = req.query;
      const rows = await db
        .select()
        .from(commands)
        .where(
          and(
            eq(commands.workspaceId, principalOf(req).workspaceId),
            status ? eq(commands.status, status) : undefined,
            platform ? eq(commands.platform, platform) : undefined,
            agentId ? eq(commands.agentId, agentId) : undefined,
            afterKey(commands.id, cursor),
          ),
        )
        .orderBy(desc(commands.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map(toDto);
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/commands/:id",
    {
      onRequest: auth("supervisor"),
      schema: { tags, summary: "One command", params: idParams, response: { 200: commandSchema } },
    },
    async (req) => {
      const [row] = await db
        .select()
        .from(commands)
        .where(and(eq(commands.workspaceId, principalOf(req).workspaceId), eq(commands.id, req.params.id)));
      if (!row) throw notFound("command");
      return toDto(row);
    },
  );

  r.post(
    "/api/commands/:id/retry",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Retry a dead-lettered or failed command now",
        params: idParams,
        response: { 202: commandSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await db.transaction(async (tx) => {
        const [cmd] = await tx
          .select()
          .from(commands)
          .where(and(eq(commands.workspaceId, p.workspaceId), eq(commands.id, req.params.id)))
          .for("update");
        if (!cmd) throw notFound("command");
        if (cmd.status === "succeeded" || cmd.status === "superseded")
          throw new ApiError("conflict", `the command is ${cmd.status}; nothing to retry`);
        const [updated] = await tx
          .update(commands)
          .set({
            status: "pending",
            attempts: 0,
            lastError: null,
            completedAt: null,
            waitingUntil: null,
            waitingReason: null,
            updatedAt: new Date(),
          })
          .where(eq(commands.id, cmd.id))
          .returning();
        await enqueueCommand(tx, cmd);
        await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "command.retried", target: cmd.id });
        return updated;
      });
      if (!row) throw notFound("command");
      return reply.code(202).send(toDto(row));
    },
  );
}
