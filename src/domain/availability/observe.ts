import type { PlatformId } from "../platform.ts";
import { sameState, toMs } from "./canonical.ts";
import { desired } from "./desired.ts";
import { DEFAULT_CLOCK_SKEW_MS, isEcho } from "./echo.ts";
import { intentFromObserved, setIntent } from "./intent.ts";
import { placeObservation } from "./observations.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type {
  ActualState,
  Actuals,
  AgentState,
  ApplyContext,
  ApplyResult,
  IntentChange,
  IntentStatus,
  Observation,
  ObservedStates,
  PlatformObservation,
} from "./types.ts";

type FlatState = { readonly [key: string]: string | undefined };
type IntentReader<S> = (state: S, previous: S | undefined) => IntentStatus | undefined;

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

/**
 * Reports whose reading may have changed by this placement: the new one and every later report, since the new
 * one is now their predecessor (or lies between their command and them). Oldest first.
 */
function reportsToJudge<S>(
  log: readonly Observation<S>[],
  index: number,
): Array<{ entry: Observation<S>; previous?: Observation<S> }> {
  const out: Array<{ entry: Observation<S>; previous?: Observation<S> }> = [];
  for (let i = Math.max(0, index); i < log.length; i++) {
    const entry = log[i];
    if (!entry || entry.source === "command") continue;
    const previous = log[i - 1];
    out.push(previous ? { entry, previous } : { entry });
  }
  return out;
}

/**
 * The person's intent read from one report, or why not. LiveChat sends routing_status_set only on a change,
 * so a first webhook is already news; RingCentral presence and Chatwoot polls are snapshots, so the first one
 * we see is only a baseline.
 */
function readIntent<S extends FlatState>(
  platform: PlatformId,
  state: AgentState,
  report: { entry: Observation<S>; previous?: Observation<S> },
  log: readonly Observation<S>[],
  ctx: ApplyContext,
  reader: IntentReader<S>,
): { status: IntentStatus | undefined } | { skip: string } {
  const { entry } = report;
  const atMs = toMs(entry.at);
  const previous = previousState(platform, report, atMs, ctx);
  // LiveChat sends routing_status_set only when the status changes, so each webhook is a change in itself.
  const changeNotice = platform === "livechat" && entry.source === "webhook";
  if (!previous && !changeNotice) return { skip: "baseline (no earlier state known)" };
  if (previous && !changeNotice && sameState(previous, entry.state)) return { skip: "no change from the previous state" };
  if (atMs <= toMs(state.intent.at)) return { skip: "not newer than the current intent" };
  const echoOptions = { echoWindowMs: ctx.echoWindowMs, clockSkewMs: ctx.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS };
  if (isEcho(platform, entry.state, atMs, ctx.recentCommands, log, echoOptions)) return { skip: "echo of our command" };
  if (platform === "ringcentral" && state.intent.status === "available") {
    // While available, a busy presence equal to what our engagements produce is ours, whatever the command log says.
    const ours = desired(state, ctx.policy ?? DEFAULT_POLICY, ["ringcentral"]).ringcentral;
    if (ours && ours.userStatus !== "Available" && sameState(ours, entry.state)) {
      return { skip: "matches the busy presence our engagements produce" };
    }
  }
  return { status: reader(entry.state, previous as S | undefined) };
}

/**
 * What the platform showed just before the report: the previous report in the log, or the target of a command
 * we issued after it (and before the report), since that is what the platform was told to show. Commands count
 * even when their own confirmation was lost, which keeps a stale snapshot from looking like a change.
 */
function previousState<S extends FlatState>(
  platform: PlatformId,
  report: { entry: Observation<S>; previous?: Observation<S> },
  atMs: number,
  ctx: ApplyContext,
): FlatState | undefined {
  const logged = report.previous;
  let command: { target: FlatState; issuedAtMs: number } | undefined;
  for (const c of ctx.recentCommands) {
    if (c.platform !== platform || c.issuedAtMs >= atMs) continue;
    if (!command || c.issuedAtMs > command.issuedAtMs) command = c;
  }
  if (command && (!logged || command.issuedAtMs > toMs(logged.at))) return command.target;
  return logged?.state;
}

function judge<S extends FlatState>(
  platform: PlatformId,
  state: AgentState,
  previousActual: ActualState<S> | undefined,
  observation: Observation<S>,
  ctx: ApplyContext,
  reader: IntentReader<S>,
  complete?: (state: S, previous: S | undefined) => S,
): { state: AgentState; actual?: ActualState<S>; intentChange?: IntentChange; notes: string[] } {
  const placed = placeObservation(previousActual, observation, complete);
  if (placed.duplicate) return { state, notes: [`${platform}: duplicate report ignored`] };
  if (placed.tooOld) return { state, notes: [`${platform}: report older than everything remembered, ignored`] };
  const notes: string[] = [
    placed.current
      ? `${platform}: state now ${describe(observation.state)}`
      : `${platform}: late report placed in history`,
  ];
  const log = placed.actual.log ?? [];
  let next = state;
  let intentChange: IntentChange | undefined;
  for (const report of reportsToJudge(log, placed.index)) {
    const reading = readIntent(platform, next, report, log, ctx, reader);
    if ("skip" in reading) {
      if (report.entry === log[placed.index]) notes.push(`${platform}: not intent: ${reading.skip}`);
      continue;
    }
    if (reading.status === undefined) continue;
    const result = setIntent(next, { status: reading.status, source: platform, at: report.entry.at });
    next = result.state;
    if (result.intentChange) {
      intentChange = intentChange ? { ...result.intentChange, from: intentChange.from } : result.intentChange;
      notes.push(`${platform}: intent ${result.intentChange.from} -> ${result.intentChange.to}`);
    }
  }
  if (intentChange && intentChange.from === intentChange.to) intentChange = undefined;
  return intentChange
    ? { state: next, actual: placed.actual, intentChange, notes }
    : { state: next, actual: placed.actual, notes };
}

const describe = (state: FlatState): string =>
  Object.values(state)
    .filter((v) => v !== undefined)
    .join("/");

/**
 * Feeds one platform report (webhook, poll, or a command's success) into the actual state and, when it is a
 * person's own change, into the intent. Command results only update actuals: our own writes are never intent.
 */
export function applyObservation(
  state: AgentState,
  actuals: Actuals,
  observation: PlatformObservation,
  ctx: ApplyContext,
): ApplyResult {
  switch (observation.platform) {
    case "livechat": {
      const read: IntentReader<ObservedStates["livechat"]> = (s, p) => intentFromObserved("livechat", s, p);
      const { actual, ...r } = judge("livechat", state, actuals.livechat, observation, ctx, read);
      return { ...r, actuals: actual ? { ...actuals, livechat: actual } : actuals };
    }
    case "chatwoot": {
      const read: IntentReader<ObservedStates["chatwoot"]> = (s, p) => intentFromObserved("chatwoot", s, p);
      const { actual, ...r } = judge("chatwoot", state, actuals.chatwoot, observation, ctx, read);
      return { ...r, actuals: actual ? { ...actuals, chatwoot: actual } : actuals };
    }
    case "ringcentral": {
      const read: IntentReader<ObservedStates["ringcentral"]> = (s, p) => intentFromObserved("ringcentral", s, p);
      const { actual, ...r } = judge(
        "ringcentral",
        state,
        actuals.ringcentral,
        observation,
        ctx,
        read,
        completePresence,
      );
      return { ...r, actuals: actual ? { ...actuals, ringcentral: actual } : actuals };
    }
  }
}
