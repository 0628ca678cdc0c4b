import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/database.ts";
import { VOICE_LINE_MODES, voiceLines } from "../db/schema/index.ts";
import type { LineSettings } from "./follow-up-decision.ts";

/** A line is a phone number in E.164 (+ and 7–15 digits) or a call queue's extension id (digits). */
export const lineKeySchema = z
  .string()
  .regex(/^(\+[1-9]\d{6,14}|\d{1,20})$/, "an E.164 phone number (+14155550100) or a queue's extension id (digits)");

export const lineBodySchema = z.object({
  mode: z.enum(VOICE_LINE_MODES),
  transcribe: z.boolean().default(false).describe("human-only lines only: transcribe and summarise anyway"),
  taskGroupId: z
    .string()
    .max(64)
    .nullable()
    .default(null)
    .describe("Built-in chat group for follow-up tasks (null: the workspace's default group)"),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.6)
    .describe("full-auto: knowledge-base confidence the bot needs to answer a voicemail by SMS"),
});

export const lineSchema = lineBodySchema.extend({
  line: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type LineDto = z.infer<typeof lineSchema>;

export const toLineDto = (r: typeof voiceLines.$inferSelect): LineDto => ({
  line: r.line,
  mode: r.mode,
  transcribe: r.transcribe,
  taskGroupId: r.taskGroupId,
  threshold: r.threshold,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

/** The keys a call can match a line by: the number called, then the queue (call-log `to.extensionId`). */
export function lineKeysOf(details: Record<string, unknown>): string[] {
  return [details.to, details.toExtensionId]
    .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
    .map(String)
    .filter((v) => v.length > 0);
}

export type ResolvedLine = LineSettings & { taskGroupId: string | null; threshold: number };

/** The configured line a call came in on (the number first, then the queue), or an unconfigured line. */
export async function lineForCall(
  db: DbOrTx,
  workspaceId: string,
  details: Record<string, unknown>,
): Promise<ResolvedLine> {
  const keys = lineKeysOf(details);
  const rows = keys.length
    ? await db
        .select()
        .from(voiceLines)
        .where(and(eq(voiceLines.workspaceId, workspaceId), inArray(voiceLines.line, keys)))
    : [];
  const row = keys.map((k) => rows.find((r) => r.line === k)).find(Boolean);
  if (!row) return { line: keys[0] ?? null, mode: null, transcribe: true, taskGroupId: null, threshold: 1 };
  return {
    line: row.line,
    mode: row.mode,
    transcribe: row.transcribe,
    taskGroupId: row.taskGroupId,
    threshold: row.threshold,
  };
}
