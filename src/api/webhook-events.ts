import { and, desc, eq, sql } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../db/audit.ts";
import { webhookEvents } from "../db/schema/index.ts";
import { isPlatformId } from "../domain/platform.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { parseBoundedJson } from "../lib/json-bounds.ts";
import type { PlatformRegistry } from "../platforms/registry.ts";
import {
  idParams,
  listQuery,
  page,
  platformSchema,
  WEBHOOK_EVENT_STATUSES,
  type WebhookEventSummary,
  webhookEventDetailSchema,
  webhookEventSummarySchema,
} from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

type EventRow = typeof webhookEvents.$inferSelect;

type Outcome = WebhookEventSummary["outcome"];

/** What processing stored in `domain_event`: the DomainEvent itself, or `{ kind: "ignored", reason }`. */
function outcomeOf(stored: unknown): Outcome {
  if (!stored || typeof stored !== "object") return null;
  const o = stored as { kind?: unknown; reason?: unknown; type?: unknown };
  if (o.kind === "ignored") return { kind: "ignored", reason: typeof o.reason === "string" ? o.reason : "ignored" };
  return typeof o.type === "string" ? { kind: "event", type: o.type } : null;
}

/**
 * Rows processed before the column held the platform's own name stored the domain type or "ignored" there; for
 * those the name is read from the stored body.
 */
function eventTypeOf(platforms: PlatformRegistry, row: EventRow, outcome: Outcome): string | null {
  const legacy =
    row.eventType === null ||
    row.eventType === "ignored" ||
    (outcome?.kind === "event" && row.eventType === outcome.type);
  if (!legacy) return row.eventType;
  const platform = isPlatformId(row.platform) ? platforms[row.platform] : undefined;
  return platform?.eventName(decodeBody(row.rawBody)) ?? row.eventType;
}

const summary = (platforms: PlatformRegistry, row: EventRow): WebhookEventSummary => {
  const outcome = outcomeOf(row.domainEvent);
  return {
    id: row.id,
    platform: row.platform,
    connectionId: row.connectionId,
    status: row.status,
    reason: row.reason,
    eventType: eventTypeOf(platforms, row, outcome),
    outcome,
    dedupeKey: row.dedupeKey,
    bodyBytes: row.bodyBytes,
    attempts: row.attempts,
    receivedAt: row.receivedAt.toISOString(),
    processedAt: row.processedAt?.toISOString() ?? null,
  };
};

/**
 * The stored bytes as JSON when they parse inside JSON_LIMITS, else as text: a body stored before ingest bounded
 * depth (or any unparsable one) must not overflow the serializer, so this answer cannot fail.
 */
function decodeBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  const parsed = parseBoundedJson(text);
  return parsed.ok ? parsed.value : text;
}

export async function webhookEventRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["webhook events"];
  const db = deps.database.db;

  r.get(
    "/api/webhook-events",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "List received webhooks, newest first",
        querystring: listQuery.extend({
          platform: platformSchema.optional(),
          connectionId: z.string().optional(),
          status: z.enum(WEBHOOK_EVENT_STATUSES).optional(),
        }),
        response: { 200: page(webhookEventSummarySchema) },
      },
    },
    async (req) => {
      const { limit, cursor, platform, connectionId, status } = req.query;
      const rows = await db
        .select()
        .from(webhookEvents)
        .where(
          and(
            eq(webhookEvents.workspaceId, principalOf(req).workspaceId),
            platform ? eq(webhookEvents.platform, platform) : undefined,
            connectionId ? eq(webhookEvents.connectionId, connectionId) : undefined,
            status ? eq(webhookEvents.status, status) : undefined,
            afterKey(webhookEvents.id, cursor),
          ),
        )
        .orderBy(desc(webhookEvents.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map((row) => summary(deps.platforms, row));
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/webhook-events/:id",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "One webhook with its body, headers and normalised event",
        params: idParams,
        response: { 200: webhookEventDetailSchema },
      },
    },
    async (req) => {
      const [row] = await db
        .select()
        .from(webhookEvents)
        .where(and(eq(webhookEvents.workspaceId, principalOf(req).workspaceId), eq(webhookEvents.id, req.params.id)));
      if (!row) throw notFound("webhook event");
      return {
        ...summary(deps.platforms, row),
        headers: row.headers,
        body: decodeBody(row.rawBody),
        domainEvent: row.domainEvent ?? null,
        errorDetails: row.errorDetails ?? null,
      };
    },
  );

  r.post(
    "/api/webhook-events/:id/replay",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Process a stored webhook again (rejected ones were never verified and cannot be replayed)",
        params: idParams,
        response: { 202: z.object({ id: z.string(), status: z.literal("received") }) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await db.transaction(async (tx) => {
        const [row] = await tx
          .select({ id: webhookEvents.id, status: webhookEvents.status })
          .from(webhookEvents)
          .where(and(eq(webhookEvents.workspaceId, p.workspaceId), eq(webhookEvents.id, req.params.id)))
          .for("update");
        if (!row) throw notFound("webhook event");
        if (row.status === "rejected")
          throw new ApiError("conflict", "a rejected webhook was never verified and cannot be replayed");
        await tx
          .update(webhookEvents)
          .set({ status: "received", errorDetails: null, processedAt: null, attempts: sql`0` })
          .where(eq(webhookEvents.id, row.id));
        await enqueue(tx, "process-webhook", { eventId: row.id });
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "webhook_event.replayed",
          target: row.id,
        });
      });
      return reply.code(202).send({ id: req.params.id, status: "received" as const });
    },
  );
}
