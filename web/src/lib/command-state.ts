import { formatTime } from "./format.ts";
import type { CommandState } from "./types.ts";

/** The badge of a command's state: a write still being tried never reads "Failed". */
export function stateBadge(state: CommandState): string {
  switch (state.name) {
    case "dead":
      return "dead letter";
    case "retrying":
      return `retrying ${state.attempt}/${state.maxAttempts}`;
    default:
      return state.name;
  }
}

/** One line under the badge, in the reader's time: when it runs next, and what it waits for. */
export function stateDetail(state: CommandState, now = Date.now()): string | null {
  switch (state.name) {
    case "waiting":
      return `waiting for ${state.reason ?? "a rate-limit window"}${state.until ? ` until ${formatTime(state.until, now)}` : ""}`;
    case "retrying":
      return `attempt ${state.attempt}/${state.maxAttempts}${state.until ? `, next try at ${formatTime(state.until, now)}` : ""}`;
    case "failed":
      return "refused; will not be retried";
    case "dead":
      return state.summary;
    default:
      return null;
  }
}

/** The row-status filter, labelled for what each status holds. */
export const STATUS_FILTER_LABELS: Record<string, string> = {
  "": "All",
  pending: "Queued or waiting",
  running: "Running",
  failed: "Retrying",
  dead: "Dead or failed",
  succeeded: "Succeeded",
  superseded: "Superseded",
};
