import { toMs } from "./canonical.ts";
import type { AgentState, Tombstone } from "./types.ts";

/** Late deliveries arrive within minutes; a day and a few dozen entries are ample and keep the state small. */
export const TOMBSTONE_TTL_MS = 24 * 60 * 60 * 1000;
export const TOMBSTONE_LIMIT = 64;

const sameKey = (a: Tombstone, b: Pick<Tombstone, "kind" | "platform" | "id" | "partyId">): boolean =>
  a.kind === b.kind && a.platform === b.platform && a.id === b.id && (a.partyId ?? "") === (b.partyId ?? "");

export function findTombstone(
  state: AgentState,
  key: Pick<Tombstone, "kind" | "platform" | "id" | "partyId">,
): Tombstone | undefined {
  return (state.ended ?? []).find((t) => sameKey(t, key));
}

/** Replaces any tombstone for the same engagement, keeping the newest knowledge. */
export function withTombstone(state: AgentState, tombstone: Tombstone): AgentState {
  const others = (state.ended ?? []).filter((t) => !sameKey(t, tombstone));
  return { ...state, ended: [...others, tombstone] };
}

export function withoutTombstone(
  state: AgentState,
  key: Pick<Tombstone, "kind" | "platform" | "id" | "partyId">,
): AgentState {
  if (!findTombstone(state, key)) return state;
  return { ...state, ended: (state.ended ?? []).filter((t) => !sameKey(t, key)) };
}

/** Drops tombstones older than the TTL and keeps the newest TOMBSTONE_LIMIT. */
export function pruneTombstones(state: AgentState, nowMs: number): AgentState {
  const ended = state.ended ?? [];
  const fresh = ended
    .filter((t) => nowMs - toMs(t.at) <= TOMBSTONE_TTL_MS)
    .sort((a, b) => toMs(a.at) - toMs(b.at))
    .slice(-TOMBSTONE_LIMIT);
  return fresh.length === ended.length ? state : { ...state, ended: fresh };
}
