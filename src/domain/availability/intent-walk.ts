import { PLATFORMS, type PlatformId } from "../platform.ts";
import { sameState, toMs } from "./canonical.ts";
import { desired } from "./desired.ts";
import { DEFAULT_CLOCK_SKEW_MS, isEcho } from "./echo.ts";
import { intentFromObserved } from "./intent.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type {
  AgentState,
  ApplyContext,
  Intent,
  IntentBase,
  IntentStatus,
  IssuedCommand,
  Observation,
  ObservedState,
  ObservedStates,
} from "./types.ts";

/**
 * Late deliveries arrive within minutes of their neighbours; a report this much older than the newest one
 * keeps the reading it had (measured in platform time, so a backlog processed hours later is still replayed).
 */
export const REPLAY_HORIZON_MS = 10 * 60_000;

type FlatState = { readonly [key: string]: string | undefined };
export type Logs = { [P in PlatformId]?: Observation<ObservedStates[P]>[] };
export type Reading = { status: IntentStatus } | { skip: string };

/**
 * What the platform showed just before the report: the previous report in the log, or the target of a command
 * we issued after it (and before the report), since that is what the platform was told to show. Commands count
 * even when their own confirmation was lost, which keeps a stale snapshot from looking like a change.
 */
function previousState(
  platform: PlatformId,
  logged: Observation<FlatState> | undefined,
  atMs: number,
  ctx: ApplyContext,
): FlatState | undefined {
  let command: { target: FlatState; issuedAtMs: number } | undefined;
  for (const c of ctx.recentCommands) {
    if (c.platform !== platform || c.issuedAtMs >= atMs) continue;
    if (!command || c.issuedAtMs >= command.issuedAtMs) command = c;
  }
  if (command && (!logged || command.issuedAtMs > toMs(logged.at))) return command.target;
  return logged?.state;
}

/**
 * The commands we know of for this platform: those listed by the caller (or remembered), plus the results
 * recorded in the log, stamped with when they succeeded. The records keep a late confirmation recognisable
 * after the caller has stopped listing its command.
 */
function commandsSeen(
  platform: PlatformId,
  log: readonly Observation<FlatState>[],
  ctx: ApplyContext,
): IssuedCommand[] {
  const listed = ctx.recentCommands.filter((c) => c.platform === platform);
  const recorded = log
    .filter((entry) => entry.source === "command")
    .map((entry) => ({ platform, target: entry.state, issuedAtMs: toMs(entry.at) }) as IssuedCommand);
  return [...listed, ...recorded].sort((a, b) => a.issuedAtMs - b.issuedAtMs);
}

const wholePresenceChanged = (previous: FlatState, next: FlatState): boolean =>
  previous.userStatus !== next.userStatus && previous.dndStatus !== next.dndStatus;

/**
 * Is this report a person's own change, and to what? `running` is the intent just before the report.
 * LiveChat sends routing_status_set only on a change, so each webhook is a change in itself; RingCentral
 * presence and Chatwoot polls are snapshots, judged against what the platform showed before.
 */
function readReport(
  platform: PlatformId,
  entry: Observation<FlatState>,
  logged: Observation<FlatState> | undefined,
  log: readonly Observation<FlatState>[],
  running: Intent,
  state: AgentState,
  ctx: ApplyContext,
): Reading {
  const atMs = toMs(entry.at);
  const previous = previousState(platform, logged, atMs, ctx);
  const changeNotice = platform === "livechat" && entry.source === "webhook";
  if (!previous && !changeNotice) return { skip: "baseline (no earlier state known)" };
  if (previous && !changeNotice && sameState(previous, entry.state))
    return { skip: "no change from the previous state" };
  const echoOptions = { echoWindowMs: ctx.echoWindowMs, clockSkewMs: ctx.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS };
  if (isEcho(platform, entry.state, atMs, commandsSeen(platform, log, ctx), log, echoOptions)) {
    return { skip: "echo of our command" };
  }
  if (
    platform === "ringcentral" &&
    running.status === "available" &&
    previous &&
    wholePresenceChanged(previous, entry.state)
  ) {
    // Our busy-with-chats presence, set in one go (userStatus and DND together, which the RingCentral apps do not
    // do in one click; UNCONFIRMED) while the engagements call for it: ours, whatever the command log says.
    const ours = desired({ ...state, intent: running }, ctx.policy ?? DEFAULT_POLICY, ["ringcentral"]).ringcentral;
    if (ours && ours.userStatus !== "Available" && sameState(ours, entry.state)) {
      return { skip: "matches the busy presence our engagements produce" };
    }
  }
  // Log states are the platform's own shapes (placed through applyObservation), so this view is exact.
  const status = intentFromObserved(platform, entry.state as ObservedState, previous as ObservedState | undefined);
  return status ? { status } : { skip: "says nothing about the person" };
}

export type Walk = {
  intent: Intent;
  /** The logs with each replayed report's reading stored on it. */
  logs: Logs;
  readings: Map<Observation<FlatState>, Reading>;
};

type Report = { platform: PlatformId; index: number; entry: Observation<FlatState> };

/**
 * The effective intent: the base, then every platform report newer than the base in time order, each person's
 * change overriding the previous one (last writer wins across platforms). Reports younger than the replay
 * horizon are read afresh, so a late neighbour can still turn a "change" into a re-broadcast or the reverse;
 * older ones keep their stored reading, because the commands that explained them may be forgotten by then
 * (and so does the oldest entry of a log, whose predecessor is gone).
 */
export function walkIntent(
  state: AgentState,
  base: IntentBase,
  logs: Logs,
  ctx: ApplyContext,
  untilMs = Infinity,
): Walk {
  const asOfMs = toMs(base.asOf);
  const flat: { [P in PlatformId]?: Observation<FlatState>[] } = logs;
  const newestMs = Math.max(...PLATFORMS.flatMap((p) => (flat[p] ?? []).map((o) => toMs(o.at))));
  const horizonMs = newestMs - (ctx.replayHorizonMs ?? REPLAY_HORIZON_MS);
  const reports: Report[] = [];
  for (const platform of PLATFORMS) {
    (flat[platform] ?? []).forEach((entry, index) => {
      const atMs = toMs(entry.at);
      if (entry.source !== "command" && atMs > asOfMs && atMs <= untilMs) reports.push({ platform, index, entry });
    });
  }
  reports.sort((a, b) => toMs(a.entry.at) - toMs(b.entry.at));
  let running = base.intent;
  const readings = new Map<Observation<FlatState>, Reading>();
  const stored = new Map<Observation<FlatState>, IntentStatus | null>();
  for (const { platform, index, entry } of reports) {
    const log = flat[platform] ?? [];
    // The first entry's predecessor has fallen off the log: its stored reading knew more than we do now.
    const frozen = entry.reading !== undefined && (toMs(entry.at) < horizonMs || index === 0);
    const reading: Reading = frozen
      ? entry.reading
        ? { status: entry.reading }
        : { skip: "read earlier" }
      : readReport(platform, entry, log[index - 1], log, running, state, ctx);
    readings.set(entry, reading);
    stored.set(entry, "status" in reading ? reading.status : null);
    if ("status" in reading) running = { status: reading.status, source: platform, at: entry.at };
  }
  const withReadings = <S>(log: Observation<S>[] | undefined): Observation<S>[] | undefined =>
    log?.map((entry) => {
      const reading = stored.get(entry as Observation<FlatState>);
      return reading === undefined || entry.reading === reading ? entry : { ...entry, reading };
    });
  const next: Logs = {};
  const livechat = withReadings(logs.livechat);
  const chatwoot = withReadings(logs.chatwoot);
  const ringcentral = withReadings(logs.ringcentral);
  if (livechat) next.livechat = livechat;
  if (chatwoot) next.chatwoot = chatwoot;
  if (ringcentral) next.ringcentral = ringcentral;
  return { intent: running, logs: next, readings };
}
