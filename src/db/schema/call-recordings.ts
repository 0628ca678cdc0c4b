import { index, integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";

export const RECORDING_STATES = [
  "recording_pending",
  "downloaded",
  "transcribed",
  "summarised",
  "synced",
  /** Terminal on a human-only line without transcription: the recording is stored, nothing more is done. */
  "kept",
  "failed",
] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export type TranscriptSegment = { start: number | null; end: number | null; speaker: string | null; text: string };
export type StoredTranscript = { text: string; provider: string; segments: TranscriptSegment[] };
export type StoredSummary = {
  method: string;
  keySentences: string[];
  reason: string | null;
  phones: string[];
  emails: string[];
  orderIds: string[];
  /** Why the configured summary provider was not used (the extractive summary stands in). */
  fallback?: string;
};

export type StoredFollowUp = {
  mode: string;
  action: "none" | "task" | "sms";
  reason: string;
  taskConversationId?: string;
  smsCommandId?: string;
  confidence?: number;
  at: string;
};

/** One row per recorded call: where its voice pipeline stands, and what it produced. */
export const callRecordings = pgTable(
  "call_recordings",
  {
    conversationId: text("conversation_id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    connectionId: text("connection_id").notNull(),
    recordingId: text("recording_id").notNull(),
    contentUri: text("content_uri").notNull(),
    state: text("state").$type<RecordingState>().notNull().default("recording_pending"),
    /** Why the pipeline failed (or the last transient error while it retries). */
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    filePath: text("file_path"),
    checksum: text("checksum"),
    sizeBytes: integer("size_bytes"),
    contentType: text("content_type"),
    durationSec: real("duration_sec"),
    transcript: jsonb("transcript").$type<StoredTranscript>(),
    summary: jsonb("summary").$type<StoredSummary>(),
    /** The transcript's plain text, full-text indexed for the timeline search. */
    transcriptText: text("transcript_text"),
    callEndedAt: timestamp("call_ended_at", { withTimezone: true }),
    summarisedAt: timestamp("summarised_at", { withTimezone: true }),
    purgedAt: timestamp("purged_at", { withTimezone: true }),
    /** What the line's mode did after the summary (task, SMS, nothing) and why; see src/voice/follow-up.ts. */
    followUp: jsonb("follow_up").$type<StoredFollowUp>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("call_recordings_workspace_state_idx").on(t.workspaceId, t.state)],
);
