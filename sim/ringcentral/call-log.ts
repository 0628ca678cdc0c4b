import type { CallLogEntry, CallSession, Party, PartyEnd } from "./call-model.ts";
import { callLogId } from "./ids.ts";
import type { DirectoryState, Extension, Recording } from "./state.ts";

/** `result`/`reason` per outcome (values from CallResultEnum / CallResultReasonEnum in the spec). */
function outcome(session: CallSession, party: Party): { result: string; reason: string; reasonDescription: string } {
  const inbound = party.direction === "Inbound";
  if (session.voicemail && inbound)
    return { result: "Voicemail", reason: "Voicemail", reasonDescription: "The caller left a voicemail." };
  if (session.answeredAt !== undefined) {
    return inbound
      ? {
          result: "Accepted",
          reason: "Accepted",
          reasonDescription: "The call connected to and was accepted by this number.",
        }
      : {
          result: "Call connected",
          reason: "Connected",
          reasonDescription: "The call was connected to and accepted by the other number.",
        };
  }
  return inbound
    ? { result: "Missed", reason: "Not Answered", reasonDescription: "The call was not answered." }
    : { result: "No Answer", reason: "No Answer", reasonDescription: "The call was not answered by the other number." };
}

function logParty(end: PartyEnd, dir: DirectoryState): Record<string, unknown> {
  const ext = end.extensionId ? dir.extensions.find((e) => e.id === end.extensionId) : undefined;
  const out: Record<string, unknown> = { phoneNumber: ext ? ext.phone : end.phoneNumber };
  if (ext) {
    out.extensionNumber = ext.extensionNumber;
    out.extensionId = ext.id;
  }
  if (end.name) out.name = end.name;
  return out;
}

/**
 * One call-log record per extension that took part (each user's log shows the call from their side).
 * URIs are added when rendered, so the record follows whatever host the client reached the sandbox on.
 */
export function buildCallLogEntries(
  session: CallSession,
  dir: DirectoryState,
  availableAt: number,
): { records: CallLogEntry[]; recording?: Recording } {
  const ended = session.endedAt ?? session.createdAt;
  const durationMs = Math.max(0, ended - session.createdAt);
  const recordingId = session.parties.find((p) => p.recordingId)?.recordingId;
  const recording: Recording | undefined =
    recordingId && (session.answeredAt !== undefined || session.voicemail)
      ? {
          id: recordingId,
          telephonySessionId: session.id,
          durationSec: Math.max(1, Math.round((ended - (session.answeredAt ?? session.createdAt)) / 1000)),
          availableAt,
          ...(session.voicemail ? { voicemail: true } : {}),
        }
      : undefined;
  const internal = session.parties.every((p) => p.extensionId);
  const records = session.parties.flatMap((party): CallLogEntry[] => {
    if (!party.extensionId) return [];
    const record: Record<string, unknown> = {
      id: callLogId(),
      sessionId: session.sessionId,
      telephonySessionId: session.id,
      partyId: party.id,
      startTime: new Date(session.createdAt).toISOString(),
      duration: Math.round(durationMs / 1000),
      durationMs,
      type: "Voice",
      internalType: internal ? "Usual" : "Local",
      direction: party.direction,
      action: party.direction === "Inbound" ? "Phone Call" : "VoIP Call",
      ...outcome(session, party),
      to: logParty(party.to, dir),
      from: logParty(party.from, dir),
      transport: internal ? "VoIP" : "PSTN",
      lastModifiedTime: new Date(availableAt).toISOString(),
      billing: { costIncluded: 0, costPurchased: 0 },
    };
    if (recording) record.recording = { id: recording.id, type: "Automatic" };
    return [
      { id: String(record.id), extensionId: party.extensionId, telephonySessionId: session.id, availableAt, record },
    ];
  });
  return recording ? { records, recording } : { records };
}

export type RenderContext = { base: string; media: string; accountId: string };

/** A stored record as `CallLogRecord`: absolute URIs, and `legs[]` for `view=Detailed`. */
export function renderCallLogRecord(
  entry: CallLogEntry,
  ctx: RenderContext,
  detailed: boolean,
): Record<string, unknown> {
  const extUri = `${ctx.base}/restapi/v1.0/account/${ctx.accountId}/extension/${entry.extensionId}`;
  const { recording, ...rest } = entry.record;
  const out: Record<string, unknown> = {
    uri: `${extUri}/call-log/${entry.id}?view=${detailed ? "Detailed" : "Simple"}`,
    ...rest,
    extension: { uri: extUri, id: Number(entry.extensionId) },
  };
  if (recording && typeof recording === "object" && "id" in recording && typeof recording.id === "string") {
    out.recording = recordingRef(recording.id, ctx);
  }
  if (detailed && entry.legs) {
    // Legs name their extension by id; the uri follows the host the client reached us on.
    out.legs = entry.legs.map((leg) => {
      const ext = leg.extension as { id?: number } | undefined;
      if (ext?.id === undefined) return leg;
      return {
        ...leg,
        extension: { uri: `${ctx.base}/restapi/v1.0/account/${ctx.accountId}/extension/${ext.id}`, id: ext.id },
      };
    });
  } else if (detailed) {
    const leg: Record<string, unknown> = {
      ...rest,
      legType: rest.transport === "VoIP" ? "ExtensionToExtension" : "PstnToSip",
    };
    for (const key of ["id", "sessionId", "partyId", "lastModifiedTime", "billing"]) delete leg[key];
    leg.extension = out.extension;
    leg.master = true;
    out.legs = [leg];
  }
  return out;
}

export function recordingRef(id: string, ctx: RenderContext): Record<string, string> {
  return {
    uri: `${ctx.base}/restapi/v1.0/account/${ctx.accountId}/recording/${id}`,
    id,
    type: "Automatic",
    contentUri: `${ctx.media}/restapi/v1.0/account/${ctx.accountId}/recording/${id}/content`,
  };
}

/** `active-calls` records: the call-log shape for calls still in progress. */
export function activeCallRecord(
  session: CallSession,
  party: Party,
  ext: Extension,
  dir: DirectoryState,
  ctx: RenderContext,
  now: number,
): Record<string, unknown> {
  const extUri = `${ctx.base}/restapi/v1.0/account/${ctx.accountId}/extension/${ext.id}`;
  const durationMs = Math.max(0, now - session.createdAt);
  return {
    uri: `${extUri}/call-log/${session.sessionId}?view=Simple`,
    id: session.sessionId,
    sessionId: session.sessionId,
    telephonySessionId: session.id,
    partyId: party.id,
    startTime: new Date(session.createdAt).toISOString(),
    duration: Math.round(durationMs / 1000),
    durationMs,
    type: "Voice",
    direction: party.direction,
    action: party.direction === "Inbound" ? "Phone Call" : "VoIP Call",
    result: "In Progress",
    to: logParty(party.to, dir),
    from: logParty(party.from, dir),
    extension: { uri: extUri, id: Number(ext.id) },
  };
}
