import type { TelephonyStatus } from "./state.ts";

export type PartyStatusCode = "Setup" | "Proceeding" | "Answered" | "Hold" | "Disconnected";
export type Direction = "Inbound" | "Outbound";
export type PartyEnd = { phoneNumber: string; name?: string; extensionId?: string; deviceId?: string };

export type Party = {
  id: string;
  /** Absent for PSTN parties. */
  extensionId?: string;
  /** The party's technical direction (an external caller's party is Outbound). */
  direction: Direction;
  from: PartyEnd;
  to: PartyEnd;
  status: PartyStatusCode;
  reason?: string;
  missedCall: boolean;
  recordingId?: string;
};

export type CallSession = {
  id: string;
  sessionId: string;
  /** The call's direction as the agent sees it (what the call log says). */
  direction: Direction;
  createdAt: number;
  answeredAt?: number;
  /** The unanswered caller left a voicemail (recorded; the call log says Voicemail). */
  voicemail?: boolean;
  endedAt?: number;
  /** The party of the extension the scenario started the call for. */
  agentPartyId: string;
  /** The body `sequence`: one counter per session across all its parties. */
  sequence: number;
  parties: Party[];
};

export type CallLogEntry = {
  id: string;
  extensionId: string;
  telephonySessionId: string;
  /** Records become visible only after the documented lag. */
  availableAt: number;
  record: Record<string, unknown>;
  /** `view=Detailed` legs when they differ from the record (queue calls: the member's Accept leg). */
  legs?: Record<string, unknown>[];
  /** `startTime` in ms, kept so a 100,000-record log sorts without re-parsing dates. */
  startMs?: number;
};

export function startMsOf(entry: CallLogEntry): number {
  entry.startMs ??= Date.parse(String(entry.record.startTime));
  return entry.startMs;
}

export function isLive(party: Party): boolean {
  return party.status !== "Disconnected";
}

/** What presence shows for one live party of an extension. UNCONFIRMED: outbound dialing shows CallConnected. */
export function partyTelephonyStatus(party: Party): TelephonyStatus {
  switch (party.status) {
    case "Setup":
    case "Proceeding":
      return party.direction === "Inbound" ? "Ringing" : "CallConnected";
    case "Answered":
      return "CallConnected";
    case "Hold":
      return "OnHold";
    case "Disconnected":
      return "NoCall";
  }
}

/** One status for an extension with several calls: a connected call wins over hold, hold over ringing. */
export function aggregateTelephonyStatus(statuses: TelephonyStatus[]): TelephonyStatus {
  const order: TelephonyStatus[] = ["CallConnected", "OnHold", "Ringing", "ParkedCall"];
  for (const status of order) if (statuses.includes(status)) return status;
  return "NoCall";
}

/** The other end of the call, as seen from `party`'s session. */
export function remoteOf(session: CallSession, party: Party): Party | undefined {
  return session.parties.find((p) => p.id !== party.id);
}

/** `parties[]` entry of a telephony notification or a CallSessionObject (doc §2.2 field set). */
export function partyJson(party: Party, accountId: string, withRecordings: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = { accountId };
  if (party.extensionId) json.extensionId = party.extensionId;
  json.id = party.id;
  json.direction = party.direction;
  json.to = { ...party.to };
  json.from = { ...party.from };
  const status: Record<string, unknown> = { code: party.status, rcc: false };
  if (party.reason) status.reason = party.reason;
  json.status = status;
  json.park = {};
  json.missedCall = party.missedCall;
  json.standAlone = false;
  json.muted = false;
  if (withRecordings && party.recordingId) {
    json.recordings = [{ id: party.recordingId, active: party.status === "Answered" }];
  }
  return json;
}
