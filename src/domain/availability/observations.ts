import { sameState, toMs } from "./canonical.ts";
import type { ActualState, Actuals, Observation, TargetFor } from "./types.ts";

/** Enough to judge late events against their neighbours; old entries fall off the front. */
export const OBSERVATION_LOG_LIMIT = 16;

type FlatState = { readonly [key: string]: string | undefined };

/** Time order; RingCentral sequences break ties between events stamped the same millisecond. */
function compare(a: Observation<FlatState>, b: Observation<FlatState>): number {
  const byTime = toMs(a.at) - toMs(b.at);
  if (byTime !== 0) return byTime;
  if (a.sequence !== undefined && b.sequence !== undefined) return a.sequence - b.sequence;
  return 0;
}

/** A redelivery: the same report again (RingCentral: the same sequence; elsewhere: same time and state). */
function isDuplicate(a: Observation<FlatState>, b: Observation<FlatState>): boolean {
  if (a.source !== b.source) return false;
  if (a.sequence !== undefined && b.sequence !== undefined && a.source === "webhook") return a.sequence === b.sequence;
  return a.at === b.at && sameState(a.state, b.state);
}

const entryOf = <S>(obs: Observation<S>): Observation<S> => {
  const entry: Observation<S> = { state: obs.state, at: obs.at, source: obs.source };
  if (obs.sequence !== undefined) entry.sequence = obs.sequence;
  if (obs.reading !== undefined) entry.reading = obs.reading;
  return entry;
};

/** The top-level fields of an actual state mirror its newest observation (readings stay in the log). */
export function actualFrom<S>(log: Observation<S>[]): ActualState<S> | undefined {
  const newest = log[log.length - 1];
  if (!newest) return undefined;
  const { reading: _reading, ...top } = entryOf(newest);
  return { ...top, log };
}

function logOf<S>(actual: ActualState<S> | undefined): Observation<S>[] {
  if (!actual) return [];
  return actual.log && actual.log.length > 0 ? actual.log : [entryOf(actual)];
}

export type Placement<S> = {
  /** Already seen: nothing to do. */
  duplicate: boolean;
  /** What the platform showed just before this observation, when we know. */
  predecessor?: Observation<S>;
  /** The observation fell off the front of a full log: too old to judge. */
  tooOld: boolean;
  actual: ActualState<S>;
  /** The observation is now the newest: it is the platform's last known state. */
  current: boolean;
  /** Index of the observation in actual.log (when placed). */
  index: number;
  /** The oldest observations pushed out of the bounded log by this one. */
  dropped: Observation<S>[];
  /** The observation as stored (completed from its predecessor). */
  entry?: Observation<S>;
};

/**
 * Puts an observation in time order among the recent ones. `complete` fills what the observation leaves out
 * from its predecessor (a RingCentral DND-only event says nothing about userStatus).
 */
export function placeObservation<S extends FlatState>(
  actual: ActualState<S> | undefined,
  observation: Observation<S>,
  complete: (state: S, previous: S | undefined) => S = (state) => state,
  limit = OBSERVATION_LOG_LIMIT,
): Placement<S> {
  const log = logOf(actual);
  const existing = log.find((entry) => isDuplicate(entry, observation));
  if (existing && actual) return { duplicate: true, tooOld: false, actual, current: false, index: -1, dropped: [] };
  let index = log.findIndex((entry) => compare(observation, entry) < 0);
  if (index === -1) index = log.length;
  const predecessor = log[index - 1];
  const { reading: _ignored, ...fresh } = observation;
  const entry = entryOf({ ...fresh, state: complete(observation.state, predecessor?.state) });
  const full = [...log.slice(0, index), entry, ...log.slice(index)];
  const dropped = Math.max(0, full.length - limit);
  const trimmed = full.slice(dropped);
  const newest = trimmed[trimmed.length - 1] ?? entry;
  const next: ActualState<S> = actualFrom(trimmed) ?? { ...entry, log: trimmed };
  const placed: Placement<S> = {
    duplicate: false,
    tooOld: index < dropped,
    actual: next,
    current: newest === entry,
    index: index - dropped,
    dropped: full.slice(0, dropped),
    entry,
  };
  if (predecessor) placed.predecessor = predecessor;
  return placed;
}

/** Drops the oldest command records beyond `max`; reports stay (only applyObservation may drop them, folding). */
function trimCommandRecords<S>(actual: ActualState<S>, max: number): ActualState<S> {
  const log = actual.log ?? [];
  let excess = log.length - max;
  if (excess <= 0) return actual;
  const kept = log.filter((entry) => {
    if (excess > 0 && entry.source === "command") {
      excess -= 1;
      return false;
    }
    return true;
  });
  return actualFrom(kept) ?? actual;
}

/**
 * After a command succeeded: the platform is now in its target state (until it reports otherwise). Only old
 * command records are trimmed here; reports leave the log at the next report, folded into the intent base.
 */
export function recordCommandResult(actuals: Actuals, command: TargetFor, at: string): Actuals {
  const max = 2 * OBSERVATION_LOG_LIMIT;
  const same = <S>(state: S) => state;
  switch (command.platform) {
    case "livechat": {
      const placed = placeObservation(
        actuals.livechat,
        { state: command.target, at, source: "command" },
        same,
        Infinity,
      );
      return { ...actuals, livechat: trimCommandRecords(placed.actual, max) };
    }
    case "chatwoot": {
      const placed = placeObservation(
        actuals.chatwoot,
        { state: command.target, at, source: "command" },
        same,
        Infinity,
      );
      return { ...actuals, chatwoot: trimCommandRecords(placed.actual, max) };
    }
    case "ringcentral": {
      const state = command.target;
      const placed = placeObservation(actuals.ringcentral, { state, at, source: "command" }, same, Infinity);
      return { ...actuals, ringcentral: trimCommandRecords(placed.actual, max) };
    }
  }
}
