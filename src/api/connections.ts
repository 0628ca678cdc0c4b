import { and, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { connectConnection } from "../connections/connect.ts";
import { findConnection, listConnections, sealCredentials } from "../connections/repo.ts";
import { createConnection, toConnectionDto } from "../connections/service.ts";
import { audit } from "../db/audit.ts";
import { connections } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { encrypt } from "../lib/crypto.ts";
import {
  connectionSchema,
  connectResultSchema,
  createConnectionBody,
  createdConnectionSchema,
  idParams,
  patchConnectionBody,
} from "./contracts.ts";

export async function connectionRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["connections"];

  r.post(
    "/api/connections",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Create a platform connection",
        body: createConnectionBody,
        response: { 201: createdConnectionSchema },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      return reply.code(201).send(await createConnection(deps, p.workspaceId, p.actor, req.body));
    },
  );

  r.get(
    "/api/connections",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "List connections (secrets are never returned)",
        response: { 200: z.object({ items: z.array(connectionSchema) }) },
      },
    },
    async (req) => {
      const rows = await listConnections(deps.database.db, principalOf(req).workspaceId);
      return { items: rows.map((row) => toConnectionDto(deps, row)) };
    },
  );

  r.get(
    "/api/connections/:id",
    {
      onRequest: auth("supervisor"),
      schema: { tags, summary: "Get a connection", params: idParams, response: { 200: connectionSchema } },
    },
    async (req) => {
      const row = await findConnection(deps.database.db, principalOf(req).workspaceId, req.params.id);
      if (!row) throw notFound("connection");
      return toConnectionDto(deps, row);
    },
  );

  r.patch(
    "/api/connections/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Update a connection: name, settings, credentials, or the webhook secret (Chatwoot issues its own)",
        params: idParams,
        body: patchConnectionBody,
        response: { 200: connectionSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await findConnection(deps.database.db, p.workspaceId, req.params.id);
      if (!row) throw notFound("connection");
      const { name, settings, credentials, webhookSecret } = req.body;
      const [updated] = await deps.database.db.transaction(async (tx) => {
        const result = await tx
          .update(connections)
          .set({
            name: name ?? row.name,
            settings: settings ?? row.settings,
            credentialsEnc: credentials ? sealCredentials(credentials, deps.secretKey) : row.credentialsEnc,
            webhookSecretEnc: webhookSecret ? encrypt(webhookSecret, deps.secretKey) : row.webhookSecretEnc,
            updatedAt: new Date(),
          })
          .where(and(eq(connections.id, row.id), eq(connections.workspaceId, p.workspaceId)))
          .returning();
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "connection.updated",
          target: row.id,
          details: { fields: Object.keys(req.body) },
        });
        return result;
      });
      deps.connections.invalidate(row.id);
      if (!updated) throw notFound("connection");
      return toConnectionDto(deps, updated);
    },
  );

  r.post(
    "/api/connections/:id/connect",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Validate credentials against the platform, register webhooks and discover agents",
        params: idParams,
        response: { 200: connectResultSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const result = await connectConnection(deps, p.workspaceId, p.actor, req.params.id);
      if (!result) throw notFound("connection");
      return result;
    },
  );

  r.delete(
    "/api/connections/:id",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Delete a connection (its events stay inspectable)",
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const row = await findConnection(deps.database.db, p.workspaceId, req.params.id);
      if (!row) throw notFound("connection");
      await deps.database.db.transaction(async (tx) => {
        await tx.update(connections).set({ deletedAt: new Date() }).where(eq(connections.id, row.id));
        await audit(tx, { workspaceId: p.workspaceId, actor: p.actor, action: "connection.deleted", target: row.id });
      });
      deps.connections.invalidate(row.id);
      return reply.code(204).send(null);
    },
  );
}
