import { type HistoryRow, type ReplayedState, stateSegments } from "./state-segments.ts";

export const HOUR_MS = 3_600_000;

/** The board's five words; the replay's busy_with_chats counts as busy. */
export const BOARD_STATES = ["available", "busy", "on_call", "away", "offline"] as const;
export type BoardState = (typeof BOARD_STATES)[number];

const BOARD_OF: Record<ReplayedState, BoardState> = {
  available: "available",
  busy_with_chats: "busy",
  on_call: "on_call",
  away: "away",
  offline: "offline",
};

export type AgentHistory = {
  /** Before this the agent did not exist, so it counts in no state. */
  createdAtMs: number;
  /** Removed agents count until they were removed; null while they exist. */
  deletedAtMs: number | null;
  /** Oldest first, including what is needed to know the state at the first hour's start. */
  rows: readonly HistoryRow[];
};

export type HourOfStates = { hourMs: number; states: Record<BoardState, number> };

const emptyStates = (): Record<BoardState, number> => ({ available: 0, busy: 0, on_call: 0, away: 0, offline: 0 });

/**
 * For each hour from `firstHourMs`, how many agents were in each state on average (agent-seconds in the state
 * divided by the hour's seconds; the current hour by the seconds elapsed so far, hours after `nowMs` are all 0).
 * An agent in a state the whole hour adds 1; half the hour adds 0.5. Rounded to hundredths.
 */
export function availabilityByHour(
  agents: readonly AgentHistory[],
  firstHourMs: number,
  hours: number,
  nowMs: number,
): HourOfStates[] {
  const out: HourOfStates[] = [];
  const endMs = Math.min(firstHourMs + hours * HOUR_MS, nowMs);
  const totals = Array.from({ length: hours }, emptyStates);
  for (const agent of agents) {
    const from = Math.max(firstHourMs, agent.createdAtMs);
    const to = Math.min(endMs, agent.deletedAtMs ?? Number.POSITIVE_INFINITY);
    for (const segment of stateSegments(agent.rows, from, to)) {
      const state = BOARD_OF[segment.state];
      // A segment may span hours: split it at each hour boundary.
      for (let start = segment.fromMs; start < segment.toMs; ) {
        const index = Math.floor((start - firstHourMs) / HOUR_MS);
        const hourEnd = firstHourMs + (index + 1) * HOUR_MS;
        const end = Math.min(segment.toMs, hourEnd);
        const bucket = totals[index];
        if (bucket) bucket[state] += end - start;
        start = end;
      }
    }
  }
  for (let i = 0; i < hours; i++) {
    const hourMs = firstHourMs + i * HOUR_MS;
    const length = Math.min(HOUR_MS, nowMs - hourMs);
    const states = emptyStates();
    const bucket = totals[i] ?? emptyStates();
    if (length > 0) for (const s of BOARD_STATES) states[s] = Math.round((bucket[s] / length) * 100) / 100;
    out.push({ hourMs, states });
  }
  return out;
}
