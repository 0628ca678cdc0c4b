import { and, asc, desc, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { answerQuestion } from "../bot/answer.ts";
import { recordDecision } from "../bot/audit.ts";
import { botContext } from "../bot/context.ts";
import { DEFAULT_SETTINGS, loadInbox } from "../bot/inboxes.ts";
import { fetchDocument } from "../bot/knowledge/fetch-url.ts";
import type { DocumentRow } from "../bot/knowledge/store.ts";
import { audit } from "../db/audit.ts";
import { botChunks, botDocuments } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import {
  askBody,
  askResultSchema,
  type BotDocumentDto,
  createDocumentBody,
  createdDocumentSchema,
  documentDetailSchema,
  documentSchema,
} from "./bot-contracts.ts";
import { idParams, listQuery, page } from "./contracts.ts";
import { afterKey, cutPage, fetchSize } from "./pagination.ts";

const toDto = (d: DocumentRow): BotDocumentDto => ({
  id: d.id,
  title: d.title,
  contentType: d.contentType,
  sourceUrl: d.sourceUrl,
  chunkCount: d.chunkCount,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

/** The knowledge base (documents, chunks) and `POST /api/bot/ask`: what the bot would do with a question. */
export async function botKnowledgeRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["bot"];
  const db = deps.database.db;
  const bot = botContext(deps);

  r.post(
    "/api/bot/documents",
    {
      preHandler: auth("supervisor"),
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: "Add a document (text, Markdown, HTML, or a URL fetched once); the same title replaces its chunks",
        body: createDocumentBody,
        response: { 200: createdDocumentSchema, 201: createdDocumentSchema },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const body = req.body;
      if ((body.content === undefined) === (body.url === undefined))
        throw new ApiError("validation_failed", "give either content or url");
      let content = body.content ?? "";
      let contentType = body.contentType ?? "text";
      let sourceUrl: string | null = null;
      if (body.url) {
        const fetched = await fetchDocument(body.url, {
          allowedHosts: deps.config.BOT_FETCH_ALLOWED_HOSTS,
          maxBytes: deps.config.BOT_FETCH_MAX_BYTES,
        });
        if (!fetched.ok) throw new ApiError("unprocessable", `could not fetch ${body.url}: ${fetched.error}`);
        content = fetched.value.content;
        contentType = body.contentType ?? fetched.value.contentType;
        sourceUrl = fetched.value.finalUrl;
      }
      if (content.trim() === "") throw new ApiError("validation_failed", "the document is empty");
      const result = await bot.knowledge.upsert(principal.workspaceId, {
        title: body.title,
        content,
        contentType,
        sourceUrl,
      });
      if (result.outcome !== "unchanged")
        await audit(db, {
          workspaceId: principal.workspaceId,
          actor: principal.actor,
          action: `bot.document.${result.outcome}`,
          target: result.document.id,
          details: { title: body.title, chunks: result.document.chunkCount },
        });
      reply.code(result.outcome === "created" ? 201 : 200);
      return { ...toDto(result.document), outcome: result.outcome };
    },
  );

  r.get(
    "/api/bot/documents",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "Knowledge-base documents, newest first",
        querystring: listQuery,
        response: { 200: page(documentSchema) },
      },
    },
    async (req) => {
      const { limit, cursor } = req.query;
      const rows = await db
        .select()
        .from(botDocuments)
        .where(and(eq(botDocuments.workspaceId, principalOf(req).workspaceId), afterKey(botDocuments.id, cursor)))
        .orderBy(desc(botDocuments.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => r.id);
      const items = cut.rows.map(toDto);
      return { items, nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/bot/documents/:id",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary: "One document with its chunks",
        params: idParams,
        response: { 200: documentDetailSchema },
      },
    },
    async (req) => {
      const workspaceId = principalOf(req).workspaceId;
      const [doc] = await db
        .select()
        .from(botDocuments)
        .where(and(eq(botDocuments.workspaceId, workspaceId), eq(botDocuments.id, req.params.id)));
      if (!doc) throw notFound("document");
      const chunks = await db
        .select({ id: botChunks.id, ordinal: botChunks.ordinal, heading: botChunks.heading, text: botChunks.text })
        .from(botChunks)
        .where(and(eq(botChunks.workspaceId, workspaceId), eq(botChunks.documentId, doc.id)))
        .orderBy(asc(botChunks.ordinal));
      return { ...toDto(doc), content: doc.content, chunks };
    },
  );

  r.delete(
    "/api/bot/documents/:id",
    {
      preHandler: auth("supervisor"),
      schema: {
        tags,
        summary: "Delete a document and its chunks",
        params: idParams,
        response: { 200: z.object({ deleted: z.literal(true) }) },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      if (!(await bot.knowledge.remove(principal.workspaceId, req.params.id))) throw notFound("document");
      await audit(db, {
        workspaceId: principal.workspaceId,
        actor: principal.actor,
        action: "bot.document.deleted",
        target: req.params.id,
        details: {},
      });
      return { deleted: true as const };
    },
  );

  r.post(
    "/api/bot/ask",
    {
      preHandler: auth("agent"),
      schema: {
        tags,
        summary:
          "What the bot would do with a question (optionally with an inbox's settings): answer or hand off, and why",
        body: askBody,
        response: { 200: askResultSchema },
      },
    },
    async (req) => {
      const workspaceId = principalOf(req).workspaceId;
      const inbox = req.body.inboxId ? await loadInbox(db, deps.secretKey, workspaceId, req.body.inboxId) : null;
      if (req.body.inboxId && !inbox) throw notFound("bot inbox");
      const settings = inbox?.settings ?? DEFAULT_SETTINGS;
      const result = await answerQuestion(bot, workspaceId, req.body.question, settings);
      await recordDecision(db, {
        workspaceId,
        inboxId: inbox?.id ?? null,
        decision: "ask",
        question: req.body.question,
        chunks: result.chunks.map((c) => ({ chunkId: c.chunkId, documentId: c.documentId, score: c.score })),
        answer: result.answer ?? null,
        reason: `${result.action}: ${result.reason}${result.fallback ? ` (fallback: ${result.fallback})` : ""}`,
        provider: result.provider,
        latencyMs: result.latencyMs,
        tokensIn: result.usage.inputTokens,
        tokensOut: result.usage.outputTokens,
        costMicros: result.costMicros,
      });
      return {
        action: result.action,
        ...(result.answer !== undefined ? { answer: result.answer } : {}),
        chunks: result.chunks,
        reason: result.reason,
        confidence: result.confidence,
        threshold: settings.threshold,
        provider: result.provider,
        fallback: result.fallback,
        usage: result.usage,
        costUsd: result.costMicros / 1_000_000,
        latencyMs: result.latencyMs,
      };
    },
  );
}
