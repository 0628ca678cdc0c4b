import { and, desc, eq, isNull } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { apiKeySchema, createApiKey, toApiKeyDto } from "../auth/api-keys.ts";
import { audit } from "../db/audit.ts";
import { API_KEY_SCOPES, apiKeys } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { apiKeyListSchema, createdApiKeySchema } from "./auth-contracts.ts";
import { idParams } from "./contracts.ts";

/** Scoped keys for machines (admin only). The key is returned once, on create; only its hash is kept. */
export async function apiKeyRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["api keys"];
  const db = deps.database.db;
  const load = async (workspaceId: string, id: string) => {
    const [row] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)));
    if (!row) throw notFound("API key");
    return row;
  };

  r.get(
    "/api/api-keys",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Every API key of the workspace (never the secret)",
        response: { 200: apiKeyListSchema },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.workspaceId, principalOf(req).workspaceId))
        .orderBy(desc(apiKeys.id));
      return { items: rows.map(toApiKeyDto) };
    },
  );

  r.get(
    "/api/api-keys/:id",
    {
      onRequest: auth("admin"),
      schema: { tags, summary: "One API key (never the secret)", params: idParams, response: { 200: apiKeySchema } },
    },
    async (req) => toApiKeyDto(await load(principalOf(req).workspaceId, req.params.id)),
  );

  r.post(
    "/api/api-keys",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Create an API key: `read` (agent), `write` (supervisor), `admin` (admin). The key is shown once.",
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
          expiresAt: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: createdApiKeySchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const expiresAt = req.body.expiresAt ? new Date(req.body.expiresAt) : undefined;
      if (expiresAt && expiresAt.getTime() <= deps.now())
        throw new ApiError("unprocessable", "expiresAt is in the past");
      const created = await db.transaction(async (tx) => {
        const result = await createApiKey(tx, {
          workspaceId: p.workspaceId,
          name: req.body.name,
          scopes: req.body.scopes,
          createdBy: p.actor,
          expiresAt,
        });
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "api_key.created",
          target: result.row.id,
          details: { name: req.body.name, scopes: req.body.scopes },
        });
        return result;
      });
      return reply.code(201).send({ apiKey: toApiKeyDto(created.row), key: created.key });
    },
  );

  r.delete(
    "/api/api-keys/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Revoke an API key (it stops working at once)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      await db.transaction(async (tx) => {
        await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.id, row.id), isNull(apiKeys.revokedAt)));
        await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "api_key.revoked", target: row.id });
      });
      return reply.code(204).send(null);
    },
  );
}
