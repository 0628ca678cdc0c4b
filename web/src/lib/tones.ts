/** Colour families used by badges and charts; one mapping so a status looks the same on every page. */
export type Tone = "green" | "amber" | "violet" | "blue" | "gray" | "red" | "slate";

const TONES: Record<string, Tone> = {
  // agent status and intent
  available: "green",
  busy: "amber",
  busy_with_chats: "amber",
  on_call: "violet",
  away: "slate",
  offline: "gray",
  // commands
  pending: "blue",
  queued: "blue",
  running: "blue",
  waiting: "slate",
  retrying: "blue",
  succeeded: "green",
  failed: "red",
  dead: "red",
  superseded: "gray",
  // webhook events
  received: "blue",
  processed: "green",
  rejected: "red",
  // conversations and connections
  active: "green",
  open: "green",
  ringing: "violet",
  ended: "gray",
  closed: "gray",
  resolved: "gray",
  connected: "green",
  created: "blue",
  error: "red",
  disconnected: "amber",
};

export function toneOf(status: string | null | undefined): Tone {
  return (status && TONES[status]) || "gray";
}

/** Chart colours for the agent states, in the order the stacked chart draws them. */
export const STATE_COLORS: Array<{ key: string; label: string; color: string }> = [
  { key: "available", label: "Available", color: "#16a34a" },
  { key: "busy", label: "Busy", color: "#d97706" },
  { key: "on_call", label: "On call", color: "#7c3aed" },
  { key: "away", label: "Away", color: "#64748b" },
  { key: "offline", label: "Offline", color: "#cbd5e1" },
];
