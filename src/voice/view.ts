import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/database.ts";
import { callRecordings, RECORDING_STATES } from "../db/schema/index.ts";

export const recordingStateSchema = z
  .object({
    state: z.enum(RECORDING_STATES),
    /** Why it failed (or the last transient error while it is being retried). */
    reason: z.string().nullable(),
    attempts: z.number(),
    sizeBytes: z.number().nullable(),
    checksum: z.string().nullable(),
    durationSec: z.number().nullable(),
    stored: z.boolean(),
    updatedAt: z.string(),
  })
  .nullable();
export const transcriptSchema = z
  .object({
    text: z.string(),
    provider: z.string(),
    segments: z.array(
      z.object({
        start: z.number().nullable(),
        end: z.number().nullable(),
        speaker: z.string().nullable(),
        text: z.string(),
      }),
    ),
  })
  .nullable();
export const summarySchema = z
  .object({
    method: z.string(),
    keySentences: z.array(z.string()),
    reason: z.string().nullable(),
    phones: z.array(z.string()),
    emails: z.array(z.string()),
    orderIds: z.array(z.string()),
    fallback: z.string().optional(),
  })
  .nullable();
export const followUpSchema = z
  .object({
    mode: z.string(),
    action: z.enum(["none", "task", "sms"]),
    reason: z.string(),
    taskConversationId: z.string().optional(),
    smsCommandId: z.string().optional(),
    confidence: z.number().optional(),
    at: z.string(),
  })
  .nullable()
  .describe("What the line's mode did after the summary (a follow-up task, an SMS answer, or nothing) and why");
export const voiceFieldsSchema = z.object({
  recording: recordingStateSchema,
  transcript: transcriptSchema,
  summary: summarySchema,
  followUp: followUpSchema,
});
export type VoiceFields = z.infer<typeof voiceFieldsSchema>;

/** A call's pipeline state, transcript and summary (all null for chats and calls without a recording). */
export async function voiceFields(db: DbOrTx, conversationId: string): Promise<VoiceFields> {
  const [row] = await db.select().from(callRecordings).where(eq(callRecordings.conversationId, conversationId));
  return voiceFieldsOf(row);
}

export function voiceFieldsOf(row: typeof callRecordings.$inferSelect | undefined): VoiceFields {
  if (!row) return { recording: null, transcript: null, summary: null, followUp: null };
  return {
    recording: {
      state: row.state,
      reason: row.reason,
      attempts: row.attempts,
      sizeBytes: row.sizeBytes,
      checksum: row.checksum,
      durationSec: row.durationSec,
      stored: row.filePath !== null && row.purgedAt === null,
      updatedAt: row.updatedAt.toISOString(),
    },
    transcript: row.transcript ?? null,
    summary: row.summary ?? null,
    followUp: row.followUp ?? null,
  };
}
