import { createHash } from "node:crypto";
import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { DbOrTx, Tx } from "../db/database.ts";
import { callRecordings, conversations, type RecordingState } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { latestChatWithPhone, noteOnChat } from "../sync/calls.ts";
import { notifyLive } from "../sync/live.ts";
import { inspectAudio } from "./audio.ts";
import { TransientProviderError } from "./providers.ts";
import { ringcentralSummary } from "./rc-summary.ts";
import { rcClientFor, selectedProvider } from "./registry.ts";
import { extractiveSummary } from "./summary.ts";

type Row = typeof callRecordings.$inferSelect;
type Step = { state: RecordingState; set: Partial<Row> } | { fail: string } | { transient: string };

export const recordingsDir = (deps: Deps) =>
  deps.config.VOICE_RECORDINGS_DIR ?? path.join(deps.config.DATA_DIR, "recordings");

/** Notes a call's recording for the pipeline (once: a repeated call-log read changes nothing) and queues its job. */
export async function registerRecording(
  tx: DbOrTx,
  call: { id: string; workspaceId: string; connectionId: string; endedAt: Date | null },
  recording: { id: string; contentUri: string },
): Promise<void> {
  const created = await tx
    .insert(callRecordings)
    .values({
      conversationId: call.id,
      workspaceId: call.workspaceId,
      connectionId: call.connectionId,
      recordingId: recording.id,
      contentUri: recording.contentUri,
      callEndedAt: call.endedAt,
    })
    .onConflictDoNothing()
    .returning({ id: callRecordings.conversationId });
  if (created.length > 0) await enqueueRecording(tx, call.id);
}

export const enqueueRecording = (tx: DbOrTx, conversationId: string) =>
  enqueue(tx, "process-recording", { conversationId }, { jobKey: `recording:${conversationId}` });

/**
 * Advances one call's recording through recording_pending → downloaded → transcribed → summarised → synced. Each
 * step runs with the row locked and commits its new state, so a redelivered job or a second worker waits and then
 * finds the work done: nothing is downloaded or transcribed twice. Permanent problems (404, not audio, too large,
 * host refused) end in `failed` with the reason; transient ones are thrown for the worker to retry with backoff,
 * until VOICE_MAX_ATTEMPTS, then the recording is dead-lettered as `failed`.
 */
export async function processRecording(deps: Deps, conversationId: string): Promise<RecordingState | "missing"> {
  for (;;) {
    const result = await deps.database.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(callRecordings)
        .where(eq(callRecordings.conversationId, conversationId))
        .for("update");
      if (!row) return { done: "missing" as const };
      if (row.state === "synced" || row.state === "failed") return { done: row.state };
      const step = await runStep(deps, tx, row).catch((cause: unknown) =>
        cause instanceof TransientProviderError
          ? { transient: cause.message }
          : {
              fail: `${row.state === "downloaded" ? "transcription_failed" : "error"}: ${String(cause instanceof Error ? cause.message : cause)}`,
            },
      );
      const now = new Date();
      if ("transient" in step) {
        const attempts = row.attempts + 1;
        const dead = attempts >= deps.config.VOICE_MAX_ATTEMPTS;
        await tx
          .update(callRecordings)
          .set({
            attempts,
            reason: dead ? `dead-lettered after ${attempts} attempts: ${step.transient}` : step.transient,
            ...(dead ? { state: "failed" as const } : {}),
            updatedAt: now,
          })
          .where(eq(callRecordings.conversationId, conversationId));
        if (dead)
          await notifyLive(tx, { workspaceId: row.workspaceId, type: "conversation.updated", id: conversationId });
        return dead ? { done: "failed" as const } : { retry: step.transient };
      }
      const next =
        "fail" in step
          ? { state: "failed" as const, reason: step.fail }
          : { ...step.set, state: step.state, reason: null };
      await tx
        .update(callRecordings)
        .set({ ...next, updatedAt: now })
        .where(eq(callRecordings.conversationId, conversationId));
      await notifyLive(tx, { workspaceId: row.workspaceId, type: "conversation.updated", id: conversationId });
      return { advanced: next.state };
    });
    if ("retry" in result) throw new Error(`recording ${conversationId}: ${result.retry}`);
    if ("done" in result && result.done) return result.done;
  }
}

async function runStep(deps: Deps, tx: Tx, row: Row): Promise<Step> {
  switch (row.state) {
    case "recording_pending":
      return download(deps, row);
    case "downloaded": {
      if (!row.filePath || !(await exists(row.filePath)))
        return { fail: "file_missing: the stored recording is gone (retention?)" };
      const provider = await selectedProvider(deps);
      if (!provider) return { fail: "no_provider: no speech-to-text provider is available (GET /api/voice/providers)" };
      const out = await provider.transcribe({
        filePath: row.filePath,
        contentUri: row.contentUri,
        format: row.contentType === "audio/mpeg" ? "mpeg" : "wav",
        connectionId: row.connectionId,
      });
      return {
        state: "transcribed",
        set: {
          transcript: { text: out.text, provider: provider.name, segments: out.segments },
          transcriptText: out.text,
        },
      };
    }
    case "transcribed": {
      const transcript = row.transcript ?? { text: "", provider: "none", segments: [] };
      const local = extractiveSummary(transcript.text, transcript.segments);
      const summary =
        deps.config.VOICE_SUMMARY_PROVIDER === "ringcentral" && transcript.text
          ? await ringcentralSummary(deps, row.connectionId, transcript, local)
          : local;
      return { state: "summarised", set: { summary, summarisedAt: new Date() } };
    }
    case "summarised": {
      await noteSummaryOnChat(tx, row, deps.now());
      await tx.update(conversations).set({ updatedAt: new Date() }).where(eq(conversations.id, row.conversationId));
      return { state: "synced", set: {} };
    }
    default:
      return { fail: `unexpected state ${row.state}` };
  }
}

async function download(deps: Deps, row: Row): Promise<Step> {
  const client = await rcClientFor(deps, row.connectionId);
  if (!client) return { fail: "connection_gone: the call's RingCentral connection was removed" };
  const res = await client.downloadRecording(row.contentUri);
  if (!res.ok) {
    const e = res.error;
    if (e.code === "RECORDING_HOST_NOT_ALLOWED" || e.code === "INVALID_RECORDING_URL")
      return { fail: `host_not_allowed: ${e.message}` };
    if (e.status === 404) return { fail: `not_found: RingCentral has no such recording (${e.message})` };
    if (e.retryable || (e.status ?? 0) >= 500 || e.status === 429) return { transient: `download: ${e.message}` };
    return { fail: `download_failed: ${e.message}` };
  }
  const bytes = res.value.bytes;
  const cap = deps.config.VOICE_MAX_RECORDING_BYTES;
  if (bytes.length > cap) return { fail: `too_large: ${bytes.length} bytes is over the ${cap}-byte cap` };
  const audio = inspectAudio(bytes);
  if (!audio.ok)
    return {
      fail: `${audio.reason}: the download is not usable audio (${bytes.length} bytes, ${res.value.contentType})`,
    };
  const dir = recordingsDir(deps);
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, `${row.conversationId}.${audio.format === "mpeg" ? "mp3" : "wav"}`);
  await writeFile(filePath, bytes);
  return {
    state: "downloaded",
    set: {
      filePath,
      checksum: `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
      sizeBytes: bytes.length,
      contentType: audio.format === "mpeg" ? "audio/mpeg" : "audio/wav",
      durationSec: audio.durationSec,
    },
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The summary where the chat agents look, through the durable command path (idempotent per call): a Chatwoot
 * private note on the customer's latest chat, or LiveChat customer session fields.
 */
async function noteSummaryOnChat(tx: Tx, row: Row, nowMs: number): Promise<void> {
  const [call] = await tx.select().from(conversations).where(eq(conversations.id, row.conversationId));
  const phone = call?.customer.phone;
  const chat = phone ? await latestChatWithPhone(tx, row.workspaceId, phone) : undefined;
  if (!chat || !row.summary) return;
  const s = row.summary;
  const parts = [
    `📞 Call summary (${phone}):`,
    s.reason ? `Reason: ${s.reason}` : null,
    s.keySentences.length ? `Key points: ${s.keySentences.join(" ")}` : null,
    s.orderIds.length ? `Ids: ${s.orderIds.join(", ")}` : null,
    s.phones.length ? `Phones: ${s.phones.join(", ")}` : null,
    s.emails.length ? `Emails: ${s.emails.join(", ")}` : null,
  ];
  const ctx = {
    workspaceId: row.workspaceId,
    connectionId: row.connectionId,
    eventId: `voice:${row.conversationId}`,
    nowMs,
  };
  await noteOnChat(tx, ctx, chat, parts.filter(Boolean).join("\n"), `voice-summary:${row.conversationId}`);
}
