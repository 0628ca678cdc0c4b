import pino, { type Logger } from "pino";

/** JSON logs; secrets are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}
