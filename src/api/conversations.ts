import { and, asc, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { connections, conversations, messages } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { voiceFields, voiceFieldsSchema } from "../voice/view.ts";
import {
  type CallDetailsDto,
  type ConversationDto,
  conversationSchema,
  idParams,
  listQuery,
  type MessageDto,
  messageSchema,
  page,
  platformSchema,
} from "./contracts.ts";
import { afterTime, cutPage, fetchSize, timeCursor } from "./pagination.ts";

export { conversationSchema, messageSchema };

type ConversationRow = typeof conversations.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function callDetails(id: string, d: Record<string, unknown>): CallDetailsDto {
  const rec = d.recording as { id?: unknown; contentUri?: unknown } | undefined;
  const recId = rec?.id === undefined ? null : String(rec.id);
  const uri = str(rec?.contentUri);
  return {
    direction: str(d.direction),
    from: str(d.from),
    to: str(d.to),
    result: str(d.callLogResult) ?? str(d.result),
    durationSec: num(d.durationSec),
    answeredAt: str(d.answeredAt),
    recording: recId && uri ? { id: recId, contentUri: uri, url: `/api/conversations/${id}/recording` } : null,
  };
}

export const toConversationDto = (row: ConversationRow): ConversationDto => ({
  id: row.id,
  channel: row.channel === "call" ? "call" : "chat",
  platform: platformSchema.catch("livechat").parse(row.platform),
  connectionId: row.connectionId,
  externalId: row.externalId,
  agentId: row.agentId,
  customerId: row.customerId,
  customer: row.customer,
  status: row.status,
  startedAt: row.startedAt.toISOString(),
  endedAt: row.endedAt?.toISOString() ?? null,
  call: row.channel === "call" ? callDetails(row.id, row.details) : null,
  updatedAt: row.updatedAt.toISOString(),
});

export const toMessageDto = (m: MessageRow): MessageDto => ({
  id: m.id,
  conversationId: m.conversationId,
  authorType: m.authorType,
  authorId: m.authorId,
  text: m.text,
  private: m.private,
  at: m.at.toISOString(),
});

const conversationQuery = listQuery.extend({
  channel: z.enum(["chat", "call"]).optional(),
  platform: platformSchema.optional(),
  agentId: z.string().optional(),
  customerId: z.string().optional(),
  status: z.string().optional(),
  /** Started at or after (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Started before (ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
});

/** Conversations (chats and calls) and their messages. */
export async function conversationRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["conversations"];
  const db = deps.database.db;
  const load = async (workspaceId: string, id: string) => {
    const [row] = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, id)));
    if (!row) throw notFound("conversation");
    return row;
  };

  r.get(
    "/api/conversations",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Chats and calls, newest first; filter by channel, platform, agent, customer, status and start time",
        querystring: conversationQuery,
        response: { 200: page(conversationSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      const where: (SQL | undefined)[] = [
        eq(conversations.workspaceId, principalOf(req).workspaceId),
        q.channel ? eq(conversations.channel, q.channel) : undefined,
        q.platform ? eq(conversations.platform, q.platform) : undefined,
        q.agentId ? eq(conversations.agentId, q.agentId) : undefined,
        q.customerId ? eq(conversations.customerId, q.customerId) : undefined,
        q.status ? eq(conversations.status, q.status) : undefined,
        q.from ? gte(conversations.startedAt, new Date(q.from)) : undefined,
        q.to ? lt(conversations.startedAt, new Date(q.to)) : undefined,
      ];
      where.push(afterTime(conversations.startedAt, conversations.id, q.cursor));
      const rows = await db
        .select()
        .from(conversations)
        .where(and(...where))
        .orderBy(desc(conversations.startedAt), desc(conversations.id))
        .limit(fetchSize(q.limit));
      const cut = cutPage(rows, q.limit, (r) => timeCursor.encode(r.startedAt, r.id));
      return { items: cut.rows.map(toConversationDto), nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/conversations/:id",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "One chat or call; a call carries its recording's pipeline state, transcript and summary",
        params: idParams,
        response: { 200: conversationSchema.extend(voiceFieldsSchema.shape) },
      },
    },
    async (req) => {
      const row = await load(principalOf(req).workspaceId, req.params.id);
      return { ...toConversationDto(row), ...(await voiceFields(db, row.id)) };
    },
  );

  r.get(
    "/api/conversations/:id/messages",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "A chat's messages in the order they were written (private notes flagged)",
        params: idParams,
        querystring: listQuery,
        response: { 200: page(messageSchema) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const row = await load(p.workspaceId, req.params.id);
      const { limit, cursor } = req.query;
      const rows = await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, p.workspaceId),
            eq(messages.conversationId, row.id),
            afterTime(messages.at, messages.id, cursor, "asc"),
          ),
        )
        .orderBy(asc(messages.at), asc(messages.id))
        .limit(fetchSize(limit));
      const cut = cutPage(rows, limit, (r) => timeCursor.encode(r.at, r.id));
      return { items: cut.rows.map(toMessageDto), nextCursor: cut.nextCursor };
    },
  );

  r.get(
    "/api/conversations/:id/recording",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "A call's recording, fetched from RingCentral (only from its own media hosts)",
        params: idParams,
      },
    },
    async (req, reply) => {
      const row = await load(principalOf(req).workspaceId, req.params.id);
      const uri = row.channel === "call" ? callDetails(row.id, row.details).recording?.contentUri : undefined;
      if (!uri) throw notFound("recording");
      const [connection] = await db.select().from(connections).where(eq(connections.id, row.connectionId));
      if (!connection || connection.deletedAt) throw notFound("recording");
      const res = await deps.clients.ringcentral(connection).client.downloadRecording(uri);
      if (!res.ok) throw new ApiError("unavailable", `RingCentral did not return the recording: ${res.error.message}`);
      return reply.type(res.value.contentType).send(Buffer.from(res.value.bytes));
    },
  );
}
