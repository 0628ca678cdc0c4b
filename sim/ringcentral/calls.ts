import { DEMO_CUSTOMERS } from "../shared/demo-team.ts";
import { buildCallLogEntries } from "./call-log.ts";
import type { CallLogEntry, CallSession, Direction, Party, PartyEnd, PartyStatusCode } from "./call-model.ts";
import { type Outgoing, presenceOutgoing, telephonyOutgoing } from "./events.ts";
import { numericId, telephonySessionId } from "./ids.ts";
import type { SimConfig } from "./options.ts";
import { type ActiveCallView, liveCallsOf, telephonyStatusOf } from "./presence.ts";
import { type DirectoryState, digits, type Extension, findExtension } from "./state.ts";

export type StartCall = { extensionId: string; direction: Direction; from?: string; to?: string; answer: boolean };
type Side = { ext?: Extension; number: string; name?: string };
export type CallResult = { ok: true; session: CallSession; events: Outgoing[] } | { ok: false; error: string };

/**
 * Calls as a person on the platform makes them happen. Every change yields the notifications the platform
 * would send, in order: one changed party per telephony event (sequences in examples/telephony-sessions.*),
 * plus a presence event whenever an extension's telephony status or call list changes.
 */
export class CallEngine {
  sessions = new Map<string, CallSession>();
  callLog: CallLogEntry[] = [];
  readonly #config: SimConfig;
  readonly #dir: DirectoryState;
  /** Last presence signature notified per extension, so unchanged presence is not re-sent. */
  #lastPresence = new Map<string, string>();

  constructor(config: SimConfig, dir: DirectoryState) {
    this.#config = config;
    this.#dir = dir;
  }

  start(input: StartCall): CallResult {
    const agent = findExtension(this.#dir, input.extensionId);
    if (!agent) return { ok: false, error: "extensionId" };
    const customer = DEMO_CUSTOMERS[0]?.phone ?? "+14155550101";
    const remoteRef = input.direction === "Inbound" ? (input.from ?? customer) : (input.to ?? customer);
    const remoteExt = findExtension(this.#dir, remoteRef);
    if (remoteExt?.id === agent.id) return { ok: false, error: input.direction === "Inbound" ? "from" : "to" };
    const remote: Side = remoteExt ? { ext: remoteExt, number: remoteExt.phone } : this.#pstn(remoteRef);
    const self: Side = { ext: agent, number: agent.phone };
    const caller = input.direction === "Inbound" ? remote : self;
    const callee = input.direction === "Inbound" ? self : remote;
    const internal = Boolean(caller.ext && callee.ext);
    const dialed = internal
      ? (callee.ext?.extensionNumber ?? callee.number)
      : input.direction === "Inbound"
        ? (input.to ?? agent.phone)
        : callee.number;
    const id = telephonySessionId();
    const session: CallSession = {
      id,
      sessionId: numericId(12),
      direction: input.direction,
      createdAt: this.#config.now(),
      agentPartyId: `p-${id.slice(2)}-${input.direction === "Inbound" ? 2 : 1}`,
      sequence: 0,
      parties: [],
    };
    const callerParty: Party = {
      id: `p-${id.slice(2)}-1`,
      extensionId: caller.ext?.id,
      direction: "Outbound",
      from: { ...end(caller, caller.number), ...(caller.ext ? { deviceId: caller.ext.deviceId } : {}) },
      to: end(callee, dialed),
      status: "Setup",
      missedCall: false,
    };
    const calleeParty: Party = {
      id: `p-${id.slice(2)}-2`,
      extensionId: callee.ext?.id,
      direction: "Inbound",
      from: end(caller, internal ? (caller.ext?.extensionNumber ?? caller.number) : caller.number),
      to: end(callee, dialed),
      status: "Setup",
      missedCall: false,
    };
    session.parties = [callerParty, calleeParty];
    this.sessions.set(id, session);
    const events: Outgoing[] = [];
    this.#step(session, callerParty, "Setup", events);
    if (callee.ext) this.#step(session, calleeParty, "Setup", events);
    this.#step(session, calleeParty, "Proceeding", events);
    if (caller.ext) this.#step(session, callerParty, "Proceeding", events);
    if (input.answer) events.push(...this.#answer(session));
    return { ok: true, session, events };
  }

  answer(session: CallSession): CallResult {
    if (session.endedAt !== undefined || session.answeredAt !== undefined) return { ok: false, error: "state" };
    return { ok: true, session, events: this.#answer(session) };
  }

  /** Hold/unhold a party picked by id or extension (default: the agent's party, else any local one). */
  hold(session: CallSession, on: boolean, select: { partyId?: string; extensionId?: string } = {}): CallResult {
    const from: PartyStatusCode = on ? "Answered" : "Hold";
    const candidates = session.parties.filter(
      (p) =>
        p.status === from &&
        p.extensionId !== undefined &&
        (!select.partyId || p.id === select.partyId) &&
        (!select.extensionId || p.extensionId === select.extensionId),
    );
    const party = candidates.find((p) => p.id === session.agentPartyId) ?? candidates[0];
    if (!party || session.endedAt !== undefined) return { ok: false, error: "state" };
    const events: Outgoing[] = [];
    this.#step(session, party, on ? "Hold" : "Answered", events);
    return { ok: true, session, events };
  }

  /**
   * Hang up. `by` picks whose party disconnects first; an unanswered call is missed for the callee, and with
   * `voicemail` the caller left a message first (recorded, like RingCentral's voicemail).
   */
  end(session: CallSession, by: "agent" | "remote" = "agent", voicemail = false): CallResult {
    if (session.endedAt !== undefined) return { ok: false, error: "state" };
    const [callerParty, calleeParty] = session.parties;
    if (!callerParty || !calleeParty) return { ok: false, error: "state" };
    session.endedAt = this.#config.now();
    if (session.answeredAt === undefined && calleeParty.extensionId) calleeParty.missedCall = true;
    if (voicemail && session.answeredAt === undefined && calleeParty.extensionId) {
      session.voicemail = true;
      const recordingId = this.#dir.seq.recording.next();
      calleeParty.recordingId = recordingId;
      callerParty.recordingId = recordingId;
    }
    const events: Outgoing[] = [];
    const agentFirst =
      callerParty.id === session.agentPartyId ? [callerParty, calleeParty] : [calleeParty, callerParty];
    const order = by === "agent" ? agentFirst : [...agentFirst].reverse();
    for (const party of order) this.#step(session, party, "Disconnected", events);
    const entries = buildCallLogEntries(session, this.#dir, this.#config.now() + this.#config.callLogLagMs);
    this.callLog.push(...entries.records);
    if (entries.recording) this.#dir.recordings.set(entries.recording.id, entries.recording);
    return { ok: true, session, events };
  }

  liveCalls(extensionId: string): ActiveCallView[] {
    return liveCallsOf(this.sessions.values(), extensionId);
  }

  /** The presence event for a change the user made (status, DND): always sent. */
  presenceChanged(ext: Extension, dndChanged: boolean): Outgoing | undefined {
    const presence = this.#dir.presence.get(ext.id);
    if (!presence) return undefined;
    presence.sequence += 1;
    return presenceOutgoing(this.#dir.accountId, ext, presence, this.liveCalls(ext.id), dndChanged);
  }

  /** Makes every pending call-log record and recording visible now (tests and demos need not wait the lag). */
  flushCallLog(): number {
    const now = this.#config.now();
    let count = 0;
    for (const entry of this.callLog) {
      if (entry.availableAt <= now) continue;
      entry.availableAt = now;
      count += 1;
    }
    for (const rec of this.#dir.recordings.values()) rec.availableAt = Math.min(rec.availableAt, now);
    return count;
  }

  reset(): void {
    this.sessions.clear();
    this.callLog = [];
    this.#lastPresence.clear();
  }

  #answer(session: CallSession): Outgoing[] {
    const [callerParty, calleeParty] = session.parties;
    if (!callerParty || !calleeParty) return [];
    session.answeredAt = this.#config.now();
    // Answered calls are recorded (one recording per call) so the voice pipeline always has audio to fetch.
    const recordingId = this.#dir.seq.recording.next();
    calleeParty.recordingId = recordingId;
    callerParty.recordingId = recordingId;
    const events: Outgoing[] = [];
    this.#step(session, calleeParty, "Answered", events);
    this.#step(session, callerParty, "Answered", events);
    return events;
  }

  #step(session: CallSession, party: Party, status: PartyStatusCode, events: Outgoing[]): void {
    party.status = status;
    events.push(telephonyOutgoing(this.#dir.accountId, session, party, this.#config.now()));
    if (!party.extensionId) return;
    const ext = this.#dir.extensions.find((e) => e.id === party.extensionId);
    const presence = ext && this.#dir.presence.get(ext.id);
    if (!ext || !presence) return;
    const live = this.liveCalls(ext.id);
    const signature = `${telephonyStatusOf(live)}|${live.map((c) => c.party.id).join(",")}`;
    if (this.#lastPresence.get(ext.id) === signature) return;
    this.#lastPresence.set(ext.id, signature);
    presence.sequence += 1;
    // The call that just ended still shows once, as NoCall with terminationType "final".
    const calls = status === "Disconnected" ? [...live, { session, party, final: true }] : live;
    events.push(presenceOutgoing(this.#dir.accountId, ext, presence, calls, false));
  }

  #pstn(ref: string): Side {
    const customer = DEMO_CUSTOMERS.find((c) => digits(c.phone) === digits(ref));
    return customer ? { number: customer.phone, name: customer.name } : { number: ref };
  }
}

function end(side: Side, phoneNumber: string): PartyEnd {
  const out: PartyEnd = { phoneNumber };
  const name = side.ext?.name ?? side.name;
  if (name) out.name = name;
  if (side.ext) out.extensionId = side.ext.id;
  return out;
}
