import { and, eq, isNotNull } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { agentView, identitiesFor } from "../agents/view.ts";
import { audit } from "../db/audit.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { agents } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import { agentSummarySchema, idParams } from "./contracts.ts";

/** Restoring a soft-deleted agent (their built-in chat statistics are part of GET /api/agents/:id/stats). */
export async function chatAgentRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const tags = ["agents"];

  r.post(
    "/api/agents/:id/restore",
    {
      preHandler: auth("admin"),
      schema: {
        tags,
        summary: "Restore a deleted agent (platform identities come back with the next discovery)",
        params: idParams,
        response: { 200: agentSummarySchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const [row] = await db
        .select()
        .from(agents)
        .where(and(eq(agents.workspaceId, p.workspaceId), eq(agents.id, req.params.id), isNotNull(agents.deletedAt)));
      if (!row) throw notFound("deleted agent");
      await db
        .transaction(async (tx) => {
          await tx
            .update(agents)
            .set({ deletedAt: null, updatedAt: new Date(deps.now()) })
            .where(eq(agents.id, row.id));
          await wakeRouting(tx, p.workspaceId, true);
          await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "agent.restored", target: row.id });
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new ApiError("conflict", "another agent now has this email");
          throw error;
        });
      const [restored] = await db.select().from(agents).where(eq(agents.id, row.id));
      if (!restored) throw notFound("agent");
      return agentView(restored, await identitiesFor(db, row.id));
    },
  );
}
