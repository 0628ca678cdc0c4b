import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { connections, conversations } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/enqueue.ts";
import type { CallLogRecord } from "../platforms/ringcentral/client-schemas.ts";
import { registerRecording } from "../voice/recordings.ts";
import {
  CALL_LOG_FIRST_LOOK_MS,
  CALL_LOG_GIVE_UP_MS,
  CALL_LOG_POLL_MS,
  callLogWindow,
  matchCallLog,
  type WaitingCall,
} from "./call-log-match.ts";

/** More calls than this wait in one connection's batch only after a long outage: the rest follow next round. */
const MAX_WAITING_CALLS = 2000;
const MAX_PAGES = 20;

/** One batch read per connection, soon after a call ends; calls ending meanwhile join it. */
export async function scheduleCallLogSync(db: DbOrTx, connectionId: string, delayMs = CALL_LOG_FIRST_LOOK_MS) {
  await enqueue(
    db,
    "sync-call-log",
    { connectionId },
    { jobKey: `call-log:${connectionId}`, jobKeyMode: "preserve_run_at", runAt: new Date(Date.now() + delayMs) },
  );
}

/**
 * The batch: reads the account's call log for the window of every ended call still without its record, attaches
 * result, duration and recording to each call found, gives up on calls older than the give-up time, and looks
 * again later while some are still missing. A rate-limit wait or an error only moves the next look.
 */
export async function syncCallLog(deps: Deps, connectionId: string): Promise<"done" | "again" | "idle"> {
  const db = deps.database.db;
  const [connection] = await db.select().from(connections).where(eq(connections.id, connectionId));
  if (!connection || connection.deletedAt) return "idle";
  const nowMs = deps.now();
  const waiting = await waitingCalls(db, connectionId, nowMs);
  if (waiting.length === 0) return "idle";

  const client = deps.clients.ringcentral(connection).client;
  const window = callLogWindow(waiting, nowMs);
  const records: CallLogRecord[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await client.listCallLog(window, { accountWide: true, view: "Detailed", perPage: 1000, page });
    if (!res.ok) {
      deps.log.info({ connectionId, error: res.error.message }, "call log not read; looking again later");
      await scheduleCallLogSync(db, connectionId, Math.max(CALL_LOG_POLL_MS, res.error.retryAfterMs ?? 0));
      return "again";
    }
    records.push(...res.value.records);
    const { paging, navigation } = res.value;
    const more = paging?.totalPages !== undefined ? page < paging.totalPages : navigation?.nextPage !== undefined;
    if (!more || res.value.records.length === 0) break;
  }

  const match = matchCallLog(waiting, records, nowMs);
  const byId = new Map(waiting.map((c) => [c.id, c]));
  for (const { conversationId, record } of match.attach) {
    const call = byId.get(conversationId);
    await db.transaction(async (tx) => {
      await tx
        .update(conversations)
        .set({
          details: sql`${conversations.details} || ${JSON.stringify({
            callLogId: record.id,
            callLogResult: record.result,
            ...(record.duration !== undefined ? { durationSec: record.duration } : {}),
            ...(record.recording
              ? { recording: { id: record.recording.id, contentUri: record.recording.contentUri } }
              : {}),
          })}::jsonb`,
          updatedAt: new Date(),
        })
        .where(eq(conversations.id, conversationId));
      // The recording enters the voice pipeline in the same transaction as the call's record (once per call).
      if (record.recording?.contentUri && call)
        await registerRecording(
          tx,
          {
            id: conversationId,
            workspaceId: connection.workspaceId,
            connectionId,
            endedAt: new Date(call.endedAt),
          },
          { id: String(record.recording.id), contentUri: record.recording.contentUri },
        );
    });
  }
  for (const id of match.giveUp) {
    deps.log.info(
      { conversationId: id, telephonySessionId: byId.get(id)?.telephonySessionId },
      "no call-log record published; giving up",
    );
    await db
      .update(conversations)
      .set({ details: sql`${conversations.details} || '{"callLogMissing":true}'::jsonb`, updatedAt: new Date() })
      .where(eq(conversations.id, id));
  }
  if (match.stillWaiting.length > 0 || waiting.length >= MAX_WAITING_CALLS) {
    await scheduleCallLogSync(db, connectionId, CALL_LOG_POLL_MS);
    return "again";
  }
  return "done";
}

/** Ended calls of the connection with neither a call-log record nor a give-up mark, oldest first. */
async function waitingCalls(db: DbOrTx, connectionId: string, nowMs: number): Promise<WaitingCall[]> {
  const rows = await db
    .select({
      id: conversations.id,
      externalId: conversations.externalId,
      details: conversations.details,
      startedAt: conversations.startedAt,
      endedAt: conversations.endedAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.connectionId, connectionId),
        eq(conversations.channel, "call"),
        isNotNull(conversations.endedAt),
        // A little beyond the give-up time, so a call is marked rather than silently aged out.
        gt(conversations.endedAt, new Date(nowMs - 2 * CALL_LOG_GIVE_UP_MS)),
        sql`not (${conversations.details} ? 'callLogId')`,
        sql`not (${conversations.details} ? 'callLogMissing')`,
      ),
    )
    .orderBy(asc(conversations.startedAt))
    .limit(MAX_WAITING_CALLS);
  return rows.map((r) => ({
    id: r.id,
    telephonySessionId: String(r.details.telephonySessionId ?? r.externalId.split("/")[0]),
    startedAt: r.startedAt.getTime(),
    endedAt: r.endedAt?.getTime() ?? nowMs,
  }));
}

/** Jobs queued by an older version (one look per call) join the batch of their connection. */
export async function fetchCallLog(deps: Deps, conversationId: string): Promise<void> {
  const db = deps.database.db;
  const [call] = await db
    .select({ connectionId: conversations.connectionId })
    .from(conversations)
    .where(eq(conversations.id, conversationId));
  if (call) await scheduleCallLogSync(db, call.connectionId, 0);
}
