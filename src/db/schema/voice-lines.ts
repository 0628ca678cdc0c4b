import { boolean, pgTable, primaryKey, real, text, timestamp } from "drizzle-orm/pg-core";

export const VOICE_LINE_MODES = ["human-only", "triage", "full-auto"] as const;
export type VoiceLineMode = (typeof VOICE_LINE_MODES)[number];

/**
 * The voice pipeline's mode per RingCentral line: `line` is a phone number (E.164, the number called) or a call
 * queue's extension id. A call on a line without a row is handled as `triage` without tasks (transcribed,
 * summarised, no follow-up): the pipeline's behaviour before modes existed.
 */
export const voiceLines = pgTable(
  "voice_lines",
  {
    workspaceId: text("workspace_id").notNull(),
    line: text("line").notNull(),
    mode: text("mode").$type<VoiceLineMode>().notNull().default("human-only"),
    /** human-only lines: transcribe and summarise anyway (still no follow-up). */
    transcribe: boolean("transcribe").notNull().default(false),
    /** The built-in chat group that gets follow-up tasks (null: the workspace's default group). */
    taskGroupId: text("task_group_id"),
    /** full-auto: the knowledge-base confidence (0–1) the bot needs to answer a voicemail by SMS. */
    threshold: real("threshold").notNull().default(0.6),
    updatedBy: text("updated_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.line] })],
);
