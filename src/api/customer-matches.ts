import { and, desc, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { decideMatch } from "../customers/actions.ts";
import { matchSchema, toMatchDto } from "../customers/views.ts";
import { customerMatches, MATCH_STATUSES } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { idParams, listQuery, page } from "./contracts.ts";
import { runCustomerOp } from "./customers.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

/** The review queue: pairs of customers that may be one person, never merged without a person's word. */
export async function customerMatchRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["customers"];
  const db = deps.database.db;
  const load = async (workspaceId: string, id: string) => {
    const [row] = await db
      .select()
      .from(customerMatches)
      .where(and(eq(customerMatches.workspaceId, workspaceId), eq(customerMatches.id, id)));
    if (!row) throw notFound("customer match");
    return row;
  };

  r.get(
    "/api/customer-matches",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "The review queue, newest first (status=pending for open cases)",
        querystring: listQuery.extend({ status: z.enum(MATCH_STATUSES).optional() }),
        response: { 200: page(matchSchema) },
      },
    },
    async (req) => {
      const { limit, cursor, status } = req.query;
      const rows = await db
        .select()
        .from(customerMatches)
        .where(
          and(
            eq(customerMatches.workspaceId, principalOf(req).workspaceId),
            status ? eq(customerMatches.status, status) : undefined,
            afterKey(customerMatches.id, cursor),
          ),
        )
        .orderBy(desc(customerMatches.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map(toMatchDto);
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/customer-matches/:id",
    {
      onRequest: auth("supervisor"),
      schema: { tags, summary: "One case of the review queue", params: idParams, response: { 200: matchSchema } },
    },
    async (req) => toMatchDto(await load(principalOf(req).workspaceId, req.params.id)),
  );

  for (const verdict of ["approve", "reject"] as const) {
    r.post(
      `/api/customer-matches/:id/${verdict}`,
      {
        onRequest: auth("supervisor"),
        schema: {
          tags,
          summary:
            verdict === "approve"
              ? "Approve: merge the two customers into the first"
              : "Reject: keep them apart; the pair is never proposed again",
          params: idParams,
          response: { 200: matchSchema },
        },
      },
      async (req) => {
        const p = principalOf(req);
        await load(p.workspaceId, req.params.id);
        await runCustomerOp(() =>
          decideMatch(
            db,
            { workspaceId: p.workspaceId, actor: p.actor },
            req.params.id,
            verdict === "approve" ? "approved" : "rejected",
          ),
        );
        return toMatchDto(await load(p.workspaceId, req.params.id));
      },
    );
  }
}
