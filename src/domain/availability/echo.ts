import type { PlatformId } from "../platform.ts";
import { sameState, toMs } from "./canonical.ts";
import type { IssuedCommand, Observation } from "./types.ts";

type FlatState = { readonly [key: string]: string | undefined };

export type EchoOptions = {
  /** How long after a command its confirmation may still arrive stamped (platform time). */
  echoWindowMs: number;
  /** Allowance for the platform's clock against ours. */
  clockSkewMs: number;
};

export const DEFAULT_ECHO_WINDOW_MS = 30_000;
export const DEFAULT_CLOCK_SKEW_MS = 2_000;

/**
 * Is this report the platform confirming one of our commands rather than a person's change?
 *
 * It is, when it shows the target of a command we issued (at most clockSkewMs after the report's time) that is
 * - recent (within echoWindowMs before the report), or our latest command to that platform at the report's
 *   time whatever its age: a platform showing what we last told it is never news about the person;
 * - not superseded: no different command was issued clearly before the report (a confirmation of the older one
 *   would be stamped before that);
 * - not departed from: the platform has not reported a different state since the command (after that, the
 *   same state again is someone's new change, not our old confirmation).
 *
 * Commands are matched on their full target; `commands` must hold at least the latest command per platform
 * plus every command issued within the window, in the order they were issued.
 */
export function isEcho(
  platform: PlatformId,
  state: FlatState,
  atMs: number,
  commands: readonly IssuedCommand[],
  log: readonly Observation<FlatState>[],
  options: EchoOptions,
): boolean {
  const { echoWindowMs, clockSkewMs } = options;
  // Stable sort: commands issued in the same millisecond keep the order the caller listed them in (issue order).
  const before = commands
    .filter((c) => c.platform === platform && c.issuedAtMs <= atMs + clockSkewMs)
    .sort((a, b) => a.issuedAtMs - b.issuedAtMs);
  const latest = before[before.length - 1];
  return before.some((command, index) => {
    if (!sameState(command.target, state)) return false;
    if (atMs - command.issuedAtMs > echoWindowMs && command !== latest) return false;
    const superseded = before
      .slice(index + 1)
      .some((other) => other.issuedAtMs < atMs - clockSkewMs && !sameState(other.target, state));
    if (superseded) return false;
    const departed = log.some((entry) => {
      if (entry.source === "command") return false;
      const entryMs = toMs(entry.at);
      return entryMs > command.issuedAtMs + clockSkewMs && entryMs < atMs && !sameState(entry.state, state);
    });
    return !departed;
  });
}
