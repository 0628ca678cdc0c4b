import type { Logger } from "pino";
import { createLogger } from "../../src/lib/logger.ts";

export type CapturedLog = {
  /** The hub's logger (the production logger, redaction included), writing into memory. */
  logger: Logger;
  /** Every line logged so far, as written. */
  text(): string;
  /** Parsed lines at or above a pino level (40 warn, 50 error, 60 fatal). */
  atLeast(level: number): Array<Record<string, unknown>>;
};

/** What the hub logs, kept in memory, so a test can check that nothing secret and no error was logged. */
export function captureLog(level = "info"): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger(level, { destination: { write: (line: string) => void lines.push(line) } });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    logger,
    text: () => lines.join(""),
    atLeast: (min) => parsed().filter((l) => typeof l.level === "number" && l.level >= min),
  };
}
