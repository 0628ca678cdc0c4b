import type { TelephonyStatus } from "../events.ts";
import { toIso, toMs } from "./canonical.ts";
import { callPhase } from "./capacity.ts";
import { findTombstone, pruneTombstones, withoutTombstone, withTombstone } from "./tombstones.ts";
import type { AgentState, CallEngagement, ChatChannel, ChatEngagement, Engagement } from "./types.ts";

/** RingCentral presence's `activeCalls[]` entry (GET .../presence?detailedTelephonyState=true). */
export type ObservedCall = {
  telephonySessionId: string;
  partyId?: string;
  telephonyStatus?: "NoCall" | "Ringing" | "CallConnected" | "OnHold" | "ParkedCall";
};

export type ObservedEngagements = {
  /** Absent: calls were not checked. Present (even empty): the complete list of the agent's active calls. */
  activeCalls?: readonly ObservedCall[];
  /** Per listed channel, the complete list of the agent's active chat ids; unlisted channels are left alone. */
  activeChats?: ReadonlyArray<{ platform: ChatChannel; ids: readonly string[] }>;
  /**
   * When the platform was read (ISO). An engagement that started or changed after it is newer than the reading,
   * which cannot know it: it is left alone, so a slow read (or one applied late) never ends a call that began
   * while it was under way. Absent: the reading is taken as current.
   */
  readAt?: string;
};

/** Did this engagement start or change after the platform was read? */
const newerThan = (e: Engagement, readAt: string | undefined): boolean =>
  readAt !== undefined && toMs(e.kind === "call" ? e.updatedAt : e.startedAt) > toMs(readAt);

/** Presence speaks its own vocabulary; this is the party status it implies. */
function statusFromPresence(status: ObservedCall["telephonyStatus"]): TelephonyStatus {
  switch (status) {
    case "Ringing":
      return "Proceeding";
    case "OnHold":
      return "Hold";
    case "ParkedCall":
      return "Parked";
    default:
      return "Answered";
  }
}

function repairCalls(
  state: AgentState,
  observed: readonly ObservedCall[],
  now: string,
  notes: string[],
  readAt?: string,
): AgentState {
  const live = observed.filter((c) => c.telephonyStatus !== "NoCall");
  const seen = (call: CallEngagement) =>
    live.find((o) => o.telephonySessionId === call.id && (o.partyId === undefined || o.partyId === call.partyId));
  let next = state;
  const kept: Engagement[] = [];
  for (const e of state.engagements) {
    if (e.kind !== "call") {
      kept.push(e);
      continue;
    }
    const match = seen(e);
    if (!match && newerThan(e, readAt)) {
      kept.push(e);
      continue;
    }
    if (!match) {
      next = withTombstone(next, {
        kind: "call",
        platform: "ringcentral",
        id: e.id,
        partyId: e.partyId,
        sequence: e.sequence,
        at: now,
      });
      notes.push(`call ${e.id}/${e.partyId}: no longer active on RingCentral, ended`);
      continue;
    }
    const status = statusFromPresence(match.telephonyStatus);
    if (match.telephonyStatus !== undefined && callPhase(status) !== callPhase(e.status)) {
      notes.push(`call ${e.id}/${e.partyId}: ${e.status} -> ${status} (from presence)`);
      kept.push({ ...e, status, updatedAt: now });
    } else kept.push(e);
  }
  for (const o of live) {
    const known = kept.some(
      (e) => e.kind === "call" && e.id === o.telephonySessionId && (o.partyId === undefined || e.partyId === o.partyId),
    );
    if (known) continue;
    const partyId = o.partyId ?? "";
    const key = { kind: "call" as const, platform: "ringcentral" as const, id: o.telephonySessionId, partyId };
    const call: CallEngagement = {
      kind: "call",
      platform: "ringcentral",
      id: o.telephonySessionId,
      partyId,
      status: statusFromPresence(o.telephonyStatus),
      // Unknown: any real event for this party is newer, except what we already saw end.
      sequence: findTombstone(next, key)?.sequence ?? -1,
      startedAt: now,
      updatedAt: now,
    };
    next = withoutTombstone(next, key);
    kept.push(call);
    notes.push(`call ${o.telephonySessionId}/${partyId}: active on RingCentral but unknown, added`);
  }
  return { ...next, engagements: kept };
}

function repairChats(
  state: AgentState,
  platform: ChatChannel,
  ids: readonly string[],
  now: string,
  notes: string[],
  readAt?: string,
): AgentState {
  const wanted = new Set(ids);
  let next = state;
  const kept = state.engagements.filter((e) => {
    if (e.kind !== "chat" || e.platform !== platform || wanted.has(e.id) || newerThan(e, readAt)) return true;
    next = withTombstone(next, { kind: "chat", platform, id: e.id, at: now });
    notes.push(`chat ${platform}/${e.id}: no longer active, ended`);
    return false;
  });
  for (const id of wanted) {
    if (kept.some((e) => e.kind === "chat" && e.platform === platform && e.id === id)) continue;
    const chat: ChatEngagement = { kind: "chat", platform, id, startedAt: now };
    next = withoutTombstone(next, { kind: "chat", platform, id });
    kept.push(chat);
    notes.push(`chat ${platform}/${id}: active but unknown, added`);
  }
  return { ...next, engagements: kept };
}

/**
 * Periodic reconciliation of engagements against what the platforms say is active right now: ends what they no
 * longer list (lost end events), adds what we never heard start (lost start events). Ended ones get tombstones
 * stamped now, so deliveries still in flight cannot undo the repair.
 */
export function repairEngagements(
  state: AgentState,
  observed: ObservedEngagements,
  nowMs: number,
): { state: AgentState; notes: string[] } {
  const now = toIso(nowMs);
  const notes: string[] = [];
  let next = state;
  const { readAt } = observed;
  if (observed.activeCalls) next = repairCalls(next, observed.activeCalls, now, notes, readAt);
  for (const { platform, ids } of observed.activeChats ?? [])
    next = repairChats(next, platform, ids, now, notes, readAt);
  return { state: pruneTombstones(next, nowMs), notes };
}
