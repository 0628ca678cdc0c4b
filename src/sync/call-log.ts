import { eq } from "drizzle-orm";
import { connections, conversations } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { registerRecording } from "../voice/pipeline.ts";
import { CALL_LOG_POLL_SECONDS } from "./calls.ts";

/**
 * Looks for the call-log record of a finished call; attaches RingCentral's result, duration and recording when
 * it is there, otherwise tries again later (the log lags the call by 15–30 s). Gives up quietly after the last
 * scheduled look: the call record is complete without it.
 */
export async function fetchCallLog(
  deps: Deps,
  conversationId: string,
  attempt: number,
): Promise<"attached" | "retry" | "gave_up"> {
  const db = deps.database.db;
  const [call] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
  if (call?.channel !== "call") return "gave_up";
  const [connection] = await db.select().from(connections).where(eq(connections.id, call.connectionId));
  if (!connection || connection.deletedAt) return "gave_up";
  const res = await deps.clients
    .ringcentral(connection)
    .client.getCallLogBySession(String(call.details.telephonySessionId ?? call.externalId.split("/")[0]), {
      accountWide: true,
      view: "Detailed",
    });
  const record = res.ok ? res.value.records[0] : undefined;
  if (record) {
    await db.transaction(async (tx) => {
      await tx
        .update(conversations)
        .set({
          details: {
            ...call.details,
            callLogId: record.id,
            callLogResult: record.result,
            ...(record.duration !== undefined ? { durationSec: record.duration } : {}),
            ...(record.recording
              ? { recording: { id: record.recording.id, contentUri: record.recording.contentUri } }
              : {}),
          },
          updatedAt: new Date(),
        })
        .where(eq(conversations.id, call.id));
      if (record.recording?.contentUri)
        await registerRecording(tx, call, { id: String(record.recording.id), contentUri: record.recording.contentUri });
    });
    return "attached";
  }
  const next = CALL_LOG_POLL_SECONDS[attempt];
  if (next === undefined) {
    deps.log.info({ conversationId, telephonySessionId: call.externalId }, "no call-log record published; giving up");
    return "gave_up";
  }
  const waitSec = next - (CALL_LOG_POLL_SECONDS[attempt - 1] ?? 0);
  await enqueue(
    db,
    "fetch-call-log",
    { conversationId, attempt: attempt + 1 },
    { runAt: new Date(Date.now() + waitSec * 1000) },
  );
  return "retry";
}
