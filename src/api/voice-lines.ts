import { and, asc, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { resolveGroup } from "../chat/sessions.ts";
import { audit } from "../db/audit.ts";
import { voiceLines } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { lineBodySchema, lineKeySchema, lineSchema, toLineDto } from "../voice/lines.ts";

const lineParams = z.object({ line: lineKeySchema });

/** Modes per RingCentral line (phone number or queue): everyone reads, admins write; every write is audited. */
export async function voiceLineRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const tags = ["voice"];

  r.get(
    "/api/voice/lines",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Voice modes per RingCentral line",
        description:
          "human-only: recordings kept, no transcription unless `transcribe`; triage: transcript, summary and a " +
          "follow-up task in a built-in chat group for missed calls and voicemails; full-auto: as triage, and the " +
          "agent-bot answers a voicemail's question by SMS when its confidence clears `threshold`. Calls on lines " +
          "without a row are transcribed and summarised with no follow-up.",
        response: { 200: z.object({ lines: z.array(lineSchema) }) },
      },
    },
    async (req) => {
      const rows = await db
        .select()
        .from(voiceLines)
        .where(eq(voiceLines.workspaceId, principalOf(req).workspaceId))
        .orderBy(asc(voiceLines.line));
      return { lines: rows.map(toLineDto) };
    },
  );

  r.put(
    "/api/voice/lines/:line",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Sets a line's voice mode (a phone number in E.164, URL-encoded, or a queue's extension id)",
        params: lineParams,
        body: lineBodySchema,
        response: { 200: lineSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const body = req.body;
      if (body.transcribe && body.mode !== "human-only")
        throw new ApiError(
          "validation_failed",
          "transcribe applies to human-only lines (the others always transcribe)",
        );
      if (body.taskGroupId && !(await resolveGroup(db, p.workspaceId, body.taskGroupId)))
        throw new ApiError("validation_failed", `taskGroupId: no chat group ${body.taskGroupId} in this workspace`);
      const row = await db.transaction(async (tx) => {
        const key = and(eq(voiceLines.workspaceId, p.workspaceId), eq(voiceLines.line, req.params.line));
        const [before] = await tx.select().from(voiceLines).where(key).for("update");
        const values = { ...body, updatedBy: p.actor, updatedAt: new Date() };
        const [saved] = await tx
          .insert(voiceLines)
          .values({ workspaceId: p.workspaceId, line: req.params.line, ...values })
          .onConflictDoUpdate({ target: [voiceLines.workspaceId, voiceLines.line], set: values })
          .returning();
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "voice_line.set",
          target: req.params.line,
          details: { before: before ? toLineDto(before) : null, after: body },
        });
        return saved;
      });
      if (!row) throw notFound("line");
      return toLineDto(row);
    },
  );

  r.delete(
    "/api/voice/lines/:line",
    {
      onRequest: auth("admin"),
      schema: {
        tags,
        summary: "Removes a line's mode (its calls are then transcribed and summarised with no follow-up)",
        params: lineParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      await db.transaction(async (tx) => {
        const [gone] = await tx
          .delete(voiceLines)
          .where(and(eq(voiceLines.workspaceId, p.workspaceId), eq(voiceLines.line, req.params.line)))
          .returning();
        if (!gone) throw notFound("line");
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "voice_line.deleted",
          target: req.params.line,
          details: { before: toLineDto(gone) },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
