import { ApiError } from "../http/errors.ts";

/** How long `switchboard rc …` keeps waiting out RingCentral's rate windows before it gives up. */
export const CLI_RATE_DEADLINE_MS = 15 * 60_000;
const DEFAULT_WAIT_MS = 60_000;

/** The wait a refusal asks for when it is a rate limit (the hub's budget or a 429); undefined for anything else. */
export function rateLimitWait(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.code !== "rate_limited") return undefined;
  const details = error.details as { retryAfterMs?: unknown } | undefined;
  const ms = typeof details?.retryAfterMs === "number" ? details.retryAfterMs : DEFAULT_WAIT_MS;
  return Math.min(Math.max(ms, 1000), 2 * DEFAULT_WAIT_MS);
}

/**
 * Runs a step that is safe to repeat (a read, or an apply that re-plans from the account) and, when RingCentral's
 * rate window is spent, waits for it and runs it again instead of failing, until the deadline.
 */
export async function waitingOutRateLimits<T>(
  run: () => Promise<T>,
  io: {
    now: () => number;
    sleep: (ms: number) => Promise<void>;
    onWait: (ms: number, why: string) => void;
    deadlineMs?: number;
  },
): Promise<T> {
  const deadline = io.now() + (io.deadlineMs ?? CLI_RATE_DEADLINE_MS);
  for (;;) {
    try {
      return await run();
    } catch (error) {
      const wait = rateLimitWait(error);
      if (wait === undefined || io.now() + wait > deadline) throw error;
      io.onWait(wait, error instanceof Error ? error.message : String(error));
      await io.sleep(wait);
    }
  }
}

/** One line for the operator, whatever failed (no stack traces). */
export function oneLineError(error: unknown, file?: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT" && file) return `cannot read ${file}: no such file`;
  if (code === "EACCES" && file) return `cannot read ${file}: permission denied`;
  if (error instanceof SyntaxError && file) return `${file} is not valid JSON: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}
