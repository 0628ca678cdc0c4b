import type { CallLogRecord } from "../platforms/ringcentral/client-schemas.ts";

/**
 * RingCentral publishes a call's log record (with its recording) 15–30 s after the call ends. The hub reads the
 * account's call log for a time window in one Heavy request and matches the records to the calls still waiting
 * for theirs: asking per call spent the Heavy budget (10 a minute) on one call each, so a busy hour lost
 * recordings.
 */
export const CALL_LOG_FIRST_LOOK_MS = 20_000;
/** Between looks while some ended calls still have no record. */
export const CALL_LOG_POLL_MS = 15_000;
/** A call whose record has not appeared this long after it ended is complete without it. */
export const CALL_LOG_GIVE_UP_MS = 10 * 60_000;
/** The window starts this long before the oldest waiting call started (clock skew between us and RingCentral). */
export const CALL_LOG_WINDOW_MARGIN_MS = 60_000;

export type WaitingCall = { id: string; telephonySessionId: string; startedAt: number; endedAt: number };

export type CallLogMatch = {
  attach: Array<{ conversationId: string; record: CallLogRecord }>;
  giveUp: string[];
  stillWaiting: string[];
};

/** The window that covers every waiting call, by call start as the call log filters. */
export function callLogWindow(calls: readonly WaitingCall[], nowMs: number): { dateFrom: string; dateTo: string } {
  const oldest = Math.min(nowMs, ...calls.map((c) => c.startedAt));
  return {
    dateFrom: new Date(oldest - CALL_LOG_WINDOW_MARGIN_MS).toISOString(),
    dateTo: new Date(nowMs + CALL_LOG_WINDOW_MARGIN_MS).toISOString(),
  };
}

/** Records of one session may be several (legs, parties): the one carrying the recording wins. */
export function matchCallLog(
  calls: readonly WaitingCall[],
  records: readonly CallLogRecord[],
  nowMs: number,
): CallLogMatch {
  const bySession = new Map<string, CallLogRecord>();
  for (const record of records) {
    const session = record.telephonySessionId;
    if (!session) continue;
    const seen = bySession.get(session);
    if (!seen || (!seen.recording && record.recording)) bySession.set(session, record);
  }
  const result: CallLogMatch = { attach: [], giveUp: [], stillWaiting: [] };
  for (const call of calls) {
    const record = bySession.get(call.telephonySessionId);
    if (record) result.attach.push({ conversationId: call.id, record });
    else if (nowMs - call.endedAt >= CALL_LOG_GIVE_UP_MS) result.giveUp.push(call.id);
    else result.stillWaiting.push(call.id);
  }
  return result;
}
