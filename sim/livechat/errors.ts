import type { z } from "zod";

/** Error types from the LiveChat error catalogue that the sandbox can produce. */
export type LivechatErrorType =
  | "authentication"
  | "authorization"
  | "validation"
  | "not_found"
  | "missing_access"
  | "chat_inactive"
  | "agent_offline"
  | "limit_reached"
  | "already_exists"
  | "misdirected_request"
  | "too_many_requests"
  | "entity_too_large"
  | "unsupported_version"
  | "request_timeout"
  | "service_unavailable"
  | "internal";

const DEFAULT_MESSAGES: Record<LivechatErrorType, string> = {
  authentication: "Authentication error",
  authorization: "Authorization error",
  validation: "Wrong format of request",
  not_found: "Not found",
  missing_access: "Missing access",
  chat_inactive: "Chat is inactive",
  agent_offline: "Agent is offline",
  limit_reached: "Limit reached",
  already_exists: "Already exists",
  misdirected_request: "Wrong region",
  too_many_requests: "Too many requests",
  entity_too_large: "Upload limit exceeded (10MB).",
  unsupported_version: "Cannot call unsupported API versions.",
  request_timeout: "Request timed out",
  service_unavailable: "Service unavailable",
  internal: "Internal server error",
};

/**
 * HTTP status per error type. LiveChat documents no status codes (UNCONFIRMED); clients key off `error.type`, so
 * these are conventional choices that keep retry classification sensible (4xx = caller's fault, 429/5xx = retry).
 */
const STATUS: Record<LivechatErrorType, number> = {
  authentication: 401,
  authorization: 403,
  validation: 400,
  not_found: 404,
  missing_access: 403,
  chat_inactive: 422,
  agent_offline: 422,
  limit_reached: 422,
  already_exists: 409,
  misdirected_request: 421,
  too_many_requests: 429,
  entity_too_large: 413,
  unsupported_version: 400,
  request_timeout: 504,
  service_unavailable: 503,
  internal: 500,
};

export type LivechatErrorBody = { error: { type: string; message: string; data?: Record<string, unknown> } };

/** Thrown by handlers; the app's error handler turns it into the platform's `{"error": {...}}` body. */
export class LivechatApiError extends Error {
  readonly type: LivechatErrorType;
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(type: LivechatErrorType, message?: string, data?: Record<string, unknown>) {
    super(message ?? DEFAULT_MESSAGES[type]);
    this.type = type;
    this.status = STATUS[type];
    this.data = data;
  }

  body(): LivechatErrorBody {
    const error: LivechatErrorBody["error"] = { type: this.type, message: this.message };
    if (this.data) error.data = this.data;
    return { error };
  }
}

export function lcError(type: LivechatErrorType, message?: string, data?: Record<string, unknown>): LivechatApiError {
  return new LivechatApiError(type, message, data);
}

const TYPE_BY_STATUS: Record<number, LivechatErrorType> = {
  400: "validation",
  401: "authentication",
  403: "authorization",
  404: "not_found",
  409: "already_exists",
  413: "entity_too_large",
  421: "misdirected_request",
  422: "validation",
  429: "too_many_requests",
  500: "internal",
  502: "service_unavailable",
  503: "service_unavailable",
  504: "request_timeout",
};

/** The body LiveChat would send with an (injected) status code. */
export function errorBodyForStatus(status: number): LivechatErrorBody {
  const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? "internal" : "validation");
  const data = type === "misdirected_request" ? { region: "dal" } : undefined;
  return new LivechatApiError(type, undefined, data).body();
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Renders the first zod issue the way LiveChat phrases validation errors ("`chat_id` is required"). */
export function validationMessage(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return DEFAULT_MESSAGES.validation;
  const path = issue.path.map(String).join(".");
  if (!path) return issue.message || DEFAULT_MESSAGES.validation;
  const missing = valueAt(input, issue.path) === undefined && issue.code !== "custom";
  return missing ? `\`${path}\` is required` : `\`${path}\` is invalid: ${issue.message}`;
}

/** Parses a request body or throws the platform's validation error. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const input = body ?? {};
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw lcError("validation", validationMessage(parsed.error, input));
  return parsed.data;
}
