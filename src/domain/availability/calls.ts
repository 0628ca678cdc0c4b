import type { TelephonyStatus } from "../events.ts";
import { toMs } from "./canonical.ts";
import { callPhase } from "./capacity.ts";
import { findTombstone, withoutTombstone, withTombstone } from "./tombstones.ts";
import type { AgentState, CallEngagement } from "./types.ts";

export type CallUpdate = {
  telephonySessionId: string;
  partyId: string;
  status: TelephonyStatus;
  sequence: number;
  at: string;
};

const isParty = (e: AgentState["engagements"][number], sessionId: string, partyId: string): e is CallEngagement =>
  e.kind === "call" && e.id === sessionId && e.partyId === partyId;

/**
 * Last writer wins per (session, party) on RingCentral's `sequence`: stale and duplicate sequences are ignored,
 * an ending status removes the call and leaves a tombstone, and nothing at or below the tombstone's sequence
 * (or stamped before the tombstone, when a NoCall presence ended the call) can bring it back.
 */
export function applyCallUpdate(state: AgentState, update: CallUpdate): { state: AgentState; note: string } {
  const { telephonySessionId: id, partyId } = update;
  const label = `call ${id}/${partyId}`;
  const existing = state.engagements.find((e) => isParty(e, id, partyId));
  if (existing && update.sequence <= existing.sequence) {
    return { state, note: `${label}: sequence ${update.sequence} not newer than ${existing.sequence}, ignored` };
  }
  const key = { kind: "call" as const, platform: "ringcentral" as const, id, partyId };
  const tombstone = findTombstone(state, key);
  if (tombstone && (update.sequence <= (tombstone.sequence ?? -1) || toMs(update.at) < toMs(tombstone.at))) {
    return { state, note: `${label}: ${update.status} arrived after the call ended, ignored` };
  }
  const others = state.engagements.filter((e) => !isParty(e, id, partyId));
  if (callPhase(update.status) === "ended") {
    const ended = withTombstone(
      { ...state, engagements: others },
      { ...key, sequence: update.sequence, at: update.at },
    );
    return {
      state: ended,
      note: existing ? `${label}: ended (${update.status})` : `${label}: ${update.status} remembered`,
    };
  }
  const call: CallEngagement = {
    kind: "call",
    platform: "ringcentral",
    id,
    partyId,
    status: update.status,
    sequence: update.sequence,
    startedAt: existing?.startedAt ?? update.at,
    updatedAt: update.at,
  };
  const next = withoutTombstone({ ...state, engagements: [...others, call] }, key);
  return {
    state: next,
    note: existing ? `${label}: ${existing.status} -> ${update.status}` : `${label}: started (${update.status})`,
  };
}

/**
 * A presence report of NoCall repairs lost Disconnected webhooks: every call not updated since that moment
 * has ended. Calls updated after it (a new call racing the report) stay.
 */
export function endCallsBefore(state: AgentState, at: string): { state: AgentState; notes: string[] } {
  const atMs = toMs(at);
  const stale = state.engagements.filter((e): e is CallEngagement => e.kind === "call" && toMs(e.updatedAt) < atMs);
  if (stale.length === 0) return { state, notes: [] };
  let next: AgentState = {
    ...state,
    engagements: state.engagements.filter((e) => !stale.includes(e as CallEngagement)),
  };
  for (const call of stale) {
    next = withTombstone(next, {
      kind: "call",
      platform: "ringcentral",
      id: call.id,
      partyId: call.partyId,
      sequence: call.sequence,
      at,
    });
  }
  return { state: next, notes: stale.map((c) => `call ${c.id}/${c.partyId}: ended by NoCall presence`) };
}
