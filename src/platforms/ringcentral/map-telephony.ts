import type { MapOutcome, TelephonyStatus } from "../../domain/events.ts";
import type { Envelope, TelephonyBody, TelephonyParty } from "./webhook-schema.ts";

/**
 * Party status codes, keyed lower-case. CONFLICT (platforms/ringcentral.md §2.2): the spec spells `VoiceMail` /
 * `VoiceMailScreening`, the voice guide `Voicemail` / `VMScreening`; both spellings are accepted, any case.
 */
const STATUS_BY_CODE: Readonly<Record<string, TelephonyStatus>> = {
  setup: "Setup",
  proceeding: "Proceeding",
  answered: "Answered",
  hold: "Hold",
  parked: "Parked",
  disconnected: "Disconnected",
  gone: "Gone",
  voicemail: "VoiceMail",
  faxreceive: "FaxReceive",
  voicemailscreening: "VoiceMailScreening",
  vmscreening: "VoiceMailScreening",
};

export const normaliseStatus = (code: string): TelephonyStatus | undefined => STATUS_BY_CODE[code.toLowerCase()];

/**
 * Events carry only the party that changed (usually one). Should several arrive, the one belonging to the
 * extension named in the event path is the one the notification is about.
 */
function changedParty(parties: TelephonyParty[], pathExtensionId: string | undefined): TelephonyParty | undefined {
  if (pathExtensionId !== undefined) {
    const own = parties.find((p) => p.extensionId === pathExtensionId);
    if (own) return own;
  }
  return parties[0];
}

export function mapTelephony(
  envelope: Envelope,
  body: TelephonyBody,
  path: { accountId?: string; extensionId?: string },
  receivedAt: string,
): MapOutcome {
  const party = changedParty(body.parties, path.extensionId);
  if (!party) return { kind: "ignored", reason: "telephony event without parties" };
  const status = normaliseStatus(party.status.code);
  // `Tds` (in the spec enum, undocumented) and any future code carry no availability meaning we can act on.
  if (!status) return { kind: "ignored", reason: `unrecognised telephony status code ${party.status.code}` };
  // With an account-level filter the event path names the extension exactly when the party belongs to one,
  // so it is a safe fallback; a PSTN party gets neither and stays unattributed.
  const extensionId = party.extensionId ?? path.extensionId;
  return {
    kind: "event",
    event: {
      type: "call.updated",
      platform: "ringcentral",
      telephonySessionId: body.telephonySessionId,
      sessionId: body.sessionId,
      partyId: party.id,
      extensionId,
      accountId: party.accountId ?? body.accountId ?? path.accountId,
      direction: party.direction,
      status,
      from: party.from?.phoneNumber,
      to: party.to?.phoneNumber,
      fromName: party.from?.name,
      toName: party.to?.name,
      missedCall: party.missedCall,
      sequence: body.sequence,
      at: body.eventTime ?? envelope.timestamp ?? receivedAt,
    },
  };
}
