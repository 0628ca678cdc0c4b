import { rm } from "node:fs/promises";
import { and, eq, isNotNull, isNull, lt } from "drizzle-orm";
import { callRecordings } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";

/** Deletes stored audio older than VOICE_RETENTION_DAYS (transcripts and summaries stay); 0 keeps audio forever. */
export async function purgeRecordings(deps: Deps, now = new Date(deps.now())): Promise<number> {
  const days = deps.config.VOICE_RETENTION_DAYS;
  if (days <= 0) return 0;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const due = await deps.database.db
    .select({ id: callRecordings.conversationId, filePath: callRecordings.filePath })
    .from(callRecordings)
    .where(
      and(isNotNull(callRecordings.filePath), isNull(callRecordings.purgedAt), lt(callRecordings.createdAt, cutoff)),
    );
  for (const row of due) {
    if (row.filePath) await rm(row.filePath, { force: true });
    await deps.database.db
      .update(callRecordings)
      .set({ purgedAt: now, updatedAt: now })
      .where(eq(callRecordings.conversationId, row.id));
  }
  return due.length;
}
