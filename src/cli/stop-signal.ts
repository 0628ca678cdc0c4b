/**
 * What a SIGINT/SIGTERM means to a running hub. The first one starts the graceful shutdown. Under `npm start` a
 * Ctrl-C arrives twice (the terminal signals the whole process group, and npm forwards what it got to its child):
 * a repeat within REPEAT_WINDOW_MS is that same request and is ignored. A later one is an impatient operator and
 * exits at once.
 */
export type StopSignalAction = "stop" | "ignore" | "force";

export const REPEAT_WINDOW_MS = 2000;

export function stopSignalAction(firstSignalAtMs: number | null, nowMs: number): StopSignalAction {
  if (firstSignalAtMs === null) return "stop";
  return nowMs - firstSignalAtMs < REPEAT_WINDOW_MS ? "ignore" : "force";
}
