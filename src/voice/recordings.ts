import type { DbOrTx } from "../db/database.ts";
import { callRecordings } from "../db/schema/index.ts";
import { enqueue } from "../jobs/enqueue.ts";

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
