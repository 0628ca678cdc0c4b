import { CHATWOOT_ERRORS, THROTTLED_BODY } from "./constants.ts";

/** Thrown by handlers and mapped by the app's error handler to Chatwoot's status and body. */
export class ChatwootError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(typeof body === "object" && body !== null ? JSON.stringify(body) : String(body));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export const notFound = (): ChatwootError => new ChatwootError(404, CHATWOOT_ERRORS.notFound);

/** `{"error": "…"}` with 422: missing parameters, builder errors and `messages#create` failures (doc §5.4). */
export const unprocessable = (error: string): ChatwootError => new ChatwootError(422, { error });

export type FieldError = { attribute: string; message: string };

/** `ActiveRecord::RecordInvalid`: full messages joined by ", " plus the failing attributes (doc §5.4). */
export function recordInvalid(errors: FieldError[]): ChatwootError {
  return new ChatwootError(422, {
    message: errors.map((e) => `${humanize(e.attribute)} ${e.message}`).join(", "),
    attributes: [...new Set(errors.map((e) => e.attribute))],
  });
}

/** Rails `humanize`: "phone_number" → "Phone number". */
function humanize(attribute: string): string {
  const words = attribute.replace(/_id$/, "").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Rails enum assignment of an unknown value raises ArgumentError, which Chatwoot answers with 422 (never 5xx here). */
export const invalidEnum = (value: unknown, attribute: string): ChatwootError =>
  unprocessable(`'${String(value)}' is not a valid ${attribute}`);

/** Chatwoot's body for a status injected through `/_sim/faults`. */
export function errorBody(status: number): unknown {
  switch (status) {
    case 400:
      return { status: 400, error: "Bad Request" };
    case 401:
      return CHATWOOT_ERRORS.invalidToken;
    case 402:
      return { error: "Account limit exceeded. Please purchase more licenses" };
    case 403:
      return CHATWOOT_ERRORS.forbidden;
    case 404:
      return CHATWOOT_ERRORS.notFound;
    case 422:
      return { error: "Unprocessable Entity" };
    case 429:
      return THROTTLED_BODY;
    default:
      // Rails API-mode exceptions app renders `{status, error}` with the reason phrase.
      return { status, error: REASONS[status] ?? "Internal Server Error" };
  }
}

const REASONS: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
