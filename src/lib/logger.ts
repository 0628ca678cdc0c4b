import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";

/** JSON logs to stdout, or to `destination` (a test reads what the hub logged); secrets are redacted wherever they might appear. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
