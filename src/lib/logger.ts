import pino, { type DestinationStream, type Logger } from "pino";

/**
 * JSON logs; secrets are redacted wherever they might appear. Long-running processes log to stdout; one-shot CLI
 * commands log to stderr (`to: 2`), so their stdout is only their result (e.g. JSON to pipe into jq). A test passes
 * its own `destination` to read what the hub logged.
 */
export function createLogger(level: string, options: { to?: 1 | 2; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level,
      base: { service: "switchboard" },
      redact: {
        paths: [
          "req.headers.authorization",
          'req.headers["verification-token"]',
          'req.headers["x-chatwoot-signature"]',
          "webhookSecret",
          "*.webhookSecret",
          "credentials",
          "*.credentials",
          "password",
          "*.password",
          "secret_key",
        ],
        censor: "[redacted]",
      },
    },
    options.destination ?? pino.destination({ dest: options.to ?? 1, sync: true }),
  );
}
