import { and, eq } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { audit } from "../db/audit.ts";
import { callRecordings } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { enqueueRecording } from "../voice/recordings.ts";
import { providerStatus } from "../voice/registry.ts";
import { recordingStateSchema } from "../voice/view.ts";
import { idParams } from "./contracts.ts";

const providersSchema = z.object({
  selected: z.string().nullable(),
  providers: z.array(z.object({ name: z.string(), available: z.boolean(), selected: z.boolean(), detail: z.string() })),
});

/** The voice pipeline: which speech-to-text providers are usable, and a person's retry of a failed recording. */
export async function voiceRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["voice"];

  r.get(
    "/api/voice/providers",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Speech-to-text providers, whether each is available, and the one in use",
        response: { 200: providersSchema },
      },
    },
    async () => providerStatus(deps),
  );

  // RingCentral AI requires a webhook; results are read by polling the job, so the callback only acknowledges.
  r.post(
    "/api/voice/ringcentral-ai-callback",
    {
      schema: {
        tags,
        summary: "Receives RingCentral AI job callbacks (acknowledged; results are read from the job status)",
        response: { 204: z.null() },
      },
    },
    async (_req, reply) => reply.code(204).send(null),
  );

  r.post(
    "/api/conversations/:id/recording/retry",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Re-runs a failed recording pipeline from the download",
        params: idParams,
        response: { 202: z.object({ recording: recordingStateSchema }) },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const updated = await deps.database.db.transaction(async (tx) => {
        const key = and(
          eq(callRecordings.workspaceId, p.workspaceId),
          eq(callRecordings.conversationId, req.params.id),
        );
        const [row] = await tx.select().from(callRecordings).where(key).for("update");
        if (!row) throw notFound("recording");
        if (row.state !== "failed")
          throw new ApiError("conflict", `the recording is ${row.state}, not failed: nothing to retry`);
        const [next] = await tx
          .update(callRecordings)
          .set({ state: "recording_pending", reason: null, attempts: 0, updatedAt: new Date() })
          .where(key)
          .returning();
        await enqueueRecording(tx, row.conversationId);
        await audit(tx, {
          workspaceId: p.workspaceId,
          actor: p.actor,
          action: "recording.retry",
          target: row.conversationId,
          details: { previousReason: row.reason },
        });
        return next;
      });
      if (!updated) throw notFound("recording");
      return reply.code(202).send({
        recording: {
          state: updated.state,
          reason: updated.reason,
          attempts: updated.attempts,
          sizeBytes: updated.sizeBytes,
          checksum: updated.checksum,
          durationSec: updated.durationSec,
          stored: updated.filePath !== null && updated.purgedAt === null,
          updatedAt: updated.updatedAt.toISOString(),
        },
      });
    },
  );
}
