import type { PlatformId } from "../platform.ts";
import { toIso, toMs } from "./canonical.ts";
import { rememberCommands } from "./command-memory.ts";
import { baseOf, changeOf } from "./intent.ts";
import { type Logs, walkIntent } from "./intent-walk.ts";
import { actualFrom, type Placement, placeObservation } from "./observations.ts";
import type {
  Actuals,
  AgentState,
  ApplyContext,
  ApplyResult,
  IntentBase,
  Observation,
  ObservedStates,
  PlatformObservation,
} from "./types.ts";

type FlatState = { readonly [key: string]: string | undefined };

/** A RingCentral DND-only event keeps the userStatus we last knew, and vice versa. */
const completePresence = (
  state: ObservedStates["ringcentral"],
  previous: ObservedStates["ringcentral"] | undefined,
): ObservedStates["ringcentral"] => {
  const merged: ObservedStates["ringcentral"] = {};
  const userStatus = state.userStatus ?? previous?.userStatus;
  const dndStatus = state.dndStatus ?? previous?.dndStatus;
  if (userStatus !== undefined) merged.userStatus = userStatus;
  if (dndStatus !== undefined) merged.dndStatus = dndStatus;
  return merged;
};

type Placed = { placement: Placement<FlatState>; actuals: Actuals; platform: PlatformId };

function place(actuals: Actuals, observation: PlatformObservation): Placed {
  switch (observation.platform) {
    case "livechat": {
      const placement = placeObservation(actuals.livechat, observation);
      return { placement, actuals: { ...actuals, livechat: placement.actual }, platform: "livechat" };
    }
    case "chatwoot": {
      const placement = placeObservation(actuals.chatwoot, observation);
      return { placement, actuals: { ...actuals, chatwoot: placement.actual }, platform: "chatwoot" };
    }
    case "ringcentral": {
      const placement = placeObservation(actuals.ringcentral, observation, completePresence);
      return { placement, actuals: { ...actuals, ringcentral: placement.actual }, platform: "ringcentral" };
    }
  }
}

const logsOf = (actuals: Actuals): Logs => {
  const logs: Logs = {};
  if (actuals.livechat?.log) logs.livechat = actuals.livechat.log;
  if (actuals.chatwoot?.log) logs.chatwoot = actuals.chatwoot.log;
  if (actuals.ringcentral?.log) logs.ringcentral = actuals.ringcentral.log;
  return logs;
};

function withLogs(actuals: Actuals, logs: Logs): Actuals {
  const next = { ...actuals };
  const livechat = logs.livechat && actualFrom(logs.livechat);
  const chatwoot = logs.chatwoot && actualFrom(logs.chatwoot);
  const ringcentral = logs.ringcentral && actualFrom(logs.ringcentral);
  if (livechat) next.livechat = livechat;
  if (chatwoot) next.chatwoot = chatwoot;
  if (ringcentral) next.ringcentral = ringcentral;
  return next;
}

/**
 * Reports pushed out of a bounded log cannot be replayed any more: their verdict is folded into the base first,
 * by replaying everything up to the newest of them.
 */
function fold(state: AgentState, base: IntentBase, placed: Placed, ctx: ApplyContext): IntentBase {
  const { dropped } = placed.placement;
  const boundaryMs = Math.max(...dropped.map((o) => toMs(o.at)));
  if (dropped.length === 0 || boundaryMs <= toMs(base.asOf)) return base;
  const logs = logsOf(placed.actuals) as { [P in PlatformId]?: Observation<FlatState>[] };
  const full = { ...logs, [placed.platform]: [...dropped, ...(logs[placed.platform] ?? [])] } as Logs;
  return { intent: walkIntent(state, base, full, ctx, boundaryMs).intent, asOf: toIso(boundaryMs) };
}

const describe = (state: FlatState): string =>
  Object.values(state)
    .filter((v) => v !== undefined)
    .join("/");

/**
 * Feeds one platform report (webhook or poll) into the actual states and replays the intent: a person's own
 * change on any platform becomes the agent's intent; our commands' confirmations, re-broadcasts of a state
 * already known, and anything older than a choice made since do not.
 */
export function applyObservation(
  current: AgentState,
  actuals: Actuals,
  observation: PlatformObservation,
  given: ApplyContext,
): ApplyResult {
  const { platform } = observation;
  const state = rememberCommands(current, given.recentCommands);
  const ctx: ApplyContext = { ...given, recentCommands: state.commandMemory ?? [] };
  const placed = place(actuals, observation);
  const { placement } = placed;
  if (placement.duplicate) return { state, actuals, notes: [`${platform}: duplicate report ignored`] };
  if (placement.tooOld)
    return { state, actuals, notes: [`${platform}: report older than everything remembered, ignored`] };
  const base = fold(state, baseOf(state), placed, ctx);
  const walk = walkIntent(state, base, logsOf(placed.actuals), ctx);
  const next: AgentState = { ...state, intent: walk.intent, intentBase: base };
  const notes = [
    placement.current
      ? `${platform}: state now ${describe(observation.state)}`
      : `${platform}: late report placed in history`,
  ];
  const reading = placement.entry && walk.readings.get(placement.entry);
  if (reading)
    notes.push(
      "skip" in reading ? `${platform}: not intent: ${reading.skip}` : `${platform}: reads as ${reading.status}`,
    );
  const intentChange = changeOf(current.intent, walk.intent);
  if (intentChange) notes.push(`intent ${intentChange.from} -> ${intentChange.to} (${intentChange.source})`);
  const result: ApplyResult = { state: next, actuals: withLogs(placed.actuals, walk.logs), notes };
  return intentChange ? { ...result, intentChange } : result;
}
