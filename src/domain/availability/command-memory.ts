import { PLATFORMS } from "../platform.ts";
import { canonicalState } from "./canonical.ts";
import { OBSERVATION_LOG_LIMIT } from "./observations.ts";
import type { AgentState, IssuedCommand } from "./types.ts";

/** As many commands per platform as reports a log can hold: enough to re-read every report still replayed. */
export const COMMAND_MEMORY_PER_PLATFORM = OBSERVATION_LOG_LIMIT;

const keyOf = (c: IssuedCommand): string => `${c.platform}|${canonicalState(c.target)}|${c.issuedAtMs}`;

/**
 * The engine keeps its own memory of the commands it has been shown, so that re-reading a report minutes later
 * (when a late neighbour arrives) still sees the command that explained it, even if the caller now only lists
 * the last few seconds' commands. Issue order is kept: by time, ties in the order first seen.
 */
export function rememberCommands(state: AgentState, commands: readonly IssuedCommand[]): AgentState {
  const memory = state.commandMemory ?? [];
  const known = new Set(memory.map(keyOf));
  const fresh = commands.filter((c) => !known.has(keyOf(c)));
  if (fresh.length === 0) return state;
  const merged = [...memory, ...fresh].sort((a, b) => a.issuedAtMs - b.issuedAtMs);
  const kept = PLATFORMS.flatMap((p) => merged.filter((c) => c.platform === p).slice(-COMMAND_MEMORY_PER_PLATFORM));
  const inOrder = merged.filter((c) => kept.includes(c));
  return { ...state, commandMemory: inOrder };
}
