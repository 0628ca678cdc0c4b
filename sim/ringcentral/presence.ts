import {
  aggregateTelephonyStatus,
  type CallSession,
  isLive,
  type Party,
  partyTelephonyStatus,
  remoteOf,
} from "./call-model.ts";
import type { Extension, Presence, TelephonyStatus, UserStatus } from "./state.ts";

/** One of an extension's calls, as presence `activeCalls[]` shows it (from/to are plain strings here). */
export type ActiveCallView = { session: CallSession; party: Party; final: boolean };

export function liveCallsOf(sessions: Iterable<CallSession>, extensionId: string): ActiveCallView[] {
  const out: ActiveCallView[] = [];
  for (const session of sessions) {
    for (const party of session.parties) {
      if (party.extensionId === extensionId && isLive(party)) out.push({ session, party, final: false });
    }
  }
  return out.sort((a, b) => a.session.createdAt - b.session.createdAt);
}

export function telephonyStatusOf(calls: ActiveCallView[]): TelephonyStatus {
  return aggregateTelephonyStatus(calls.filter((c) => !c.final).map((c) => partyTelephonyStatus(c.party)));
}

/**
 * `presenceStatus` is computed. UNCONFIRMED rule (the docs only say it is computed): Offline wins, then anything
 * that stops calls reaching the user (a call in progress, Busy, DND) is Busy.
 */
export function presenceStatusOf(presence: Presence, telephony: TelephonyStatus): UserStatus {
  if (presence.userStatus === "Offline") return "Offline";
  if (telephony !== "NoCall" || presence.userStatus === "Busy" || presence.dndStatus === "DoNotAcceptAnyCalls") {
    return "Busy";
  }
  return "Available";
}

export function activeCallJson(view: ActiveCallView, sipData: boolean): Record<string, unknown> {
  const { session, party } = view;
  const remote = remoteOf(session, party);
  const json: Record<string, unknown> = {
    id: session.id,
    direction: party.direction,
    queueCall: false,
    from: party.from.phoneNumber,
    to: party.to.phoneNumber,
    telephonyStatus: view.final ? "NoCall" : partyTelephonyStatus(party),
    startTime: new Date(session.createdAt).toISOString(),
    sessionId: session.sessionId,
    telephonySessionId: session.id,
    partyId: party.id,
  };
  const fromName = party.from.name ?? remote?.from.name;
  const toName = party.to.name ?? remote?.to.name;
  if (fromName) json.fromName = fromName;
  if (toName) json.toName = toName;
  if (view.final) json.terminationType = "final";
  if (sipData) {
    json.sipData = {
      toTag: party.id,
      fromTag: remote?.id ?? party.id,
      remoteUri: `sip:${remote?.from.phoneNumber ?? ""}@sip.ringcentral.com`,
      localUri: `sip:${party.to.phoneNumber}@sip.ringcentral.com`,
    };
  }
  return json;
}

/** Body of a presence notification (doc §2.3) for one filter's options. */
export function presenceEventBody(
  ext: Extension,
  presence: Presence,
  calls: ActiveCallView[],
  options: { detailed: boolean; sipData: boolean },
): Record<string, unknown> {
  const telephonyStatus = telephonyStatusOf(calls);
  const body: Record<string, unknown> = { extensionId: ext.id, telephonyStatus };
  if (options.detailed) {
    body.activeCalls = calls.slice(-7).map((c) => activeCallJson(c, options.sipData));
  }
  Object.assign(body, {
    sequence: presence.sequence,
    presenceStatus: presenceStatusOf(presence, telephonyStatus),
    userStatus: presence.userStatus,
    dndStatus: presence.dndStatus,
    meetingStatus: presence.meetingStatus,
    allowSeeMyPresence: presence.allowSeeMyPresence,
    ringOnMonitoredCall: presence.ringOnMonitoredCall,
    pickUpCallsOnHold: presence.pickUpCallsOnHold,
  });
  if (options.detailed) body.totalActiveCalls = calls.filter((c) => !c.final).length;
  return body;
}

/** `PresenceInfoResponse` of `GET|PUT …/presence` (doc §3.2). */
export function presenceResponse(
  base: string,
  accountId: string,
  ext: Extension,
  presence: Presence,
  calls: ActiveCallView[],
  options: { detailed: boolean; sipData: boolean },
): Record<string, unknown> {
  const telephonyStatus = telephonyStatusOf(calls);
  const extUri = `${base}/restapi/v1.0/account/${accountId}/extension/${ext.id}`;
  const json: Record<string, unknown> = {
    uri: `${extUri}/presence`,
    extension: { uri: extUri, id: Number(ext.id), extensionNumber: ext.extensionNumber },
    presenceStatus: presenceStatusOf(presence, telephonyStatus),
    telephonyStatus,
    userStatus: presence.userStatus,
    dndStatus: presence.dndStatus,
    dndStatusPersonal: presence.dndStatusPersonal,
    message: presence.message,
    allowSeeMyPresence: presence.allowSeeMyPresence,
    ringOnMonitoredCall: presence.ringOnMonitoredCall,
    pickUpCallsOnHold: presence.pickUpCallsOnHold,
    callerIdVisibility: presence.callerIdVisibility,
    acceptCallQueueCalls: presence.acceptCallQueueCalls,
    meetingStatus: presence.meetingStatus,
  };
  if (options.detailed) json.activeCalls = calls.map((c) => activeCallJson(c, options.sipData));
  return json;
}
