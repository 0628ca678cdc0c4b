import type { Result } from "./result.ts";
import { err, ok } from "./result.ts";

/** One error shape for every platform client: callers only need to know whether and when to retry. */
export type PlatformError = {
  kind: "http" | "network" | "timeout" | "invalid_response" | "auth";
  status?: number;
  /** The platform's own error code/type, when it sent one. */
  code?: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  /**
   * Set when the request was not refused but must wait for a rate-limit window (ours or the platform's 429): the
   * budget awaited, e.g. "RingCentral's Medium budget". Waiting is not a failed attempt.
   */
  waitingFor?: string;
};

export type RawResponse = { status: number; headers: Headers; text: string; json: unknown };

export type HttpRequest = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a URLSearchParams (form body). */
  body?: unknown;
  timeoutMs?: number;
};

/** `Retry-After` as seconds or an HTTP date → milliseconds. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** 408, 425, 429 and 5xx may succeed later; every other 4xx will not. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 425 || status === 429 || status >= 500;

/** Sends one request. Any HTTP status is a successful transport; only network failures become errors here. */
export async function send(req: HttpRequest): Promise<Result<RawResponse, PlatformError>> {
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body: string | FormData | undefined;
  if (req.body instanceof FormData) {
    // multipart/form-data (file uploads): fetch writes the content type with its boundary.
    body = req.body;
  } else if (req.body instanceof URLSearchParams) {
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    body = req.body.toString();
  } else if (req.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(req.body);
  }
  try {
    const res = await fetch(req.url, {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return ok({ status: res.status, headers: res.headers, text, json });
  } catch (cause) {
    const timeout = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    return err({
      kind: timeout ? "timeout" : "network",
      message:
        cause instanceof Error ? `${cause.message}${cause.cause ? `: ${String(cause.cause)}` : ""}` : "fetch failed",
      retryable: true,
    });
  }
}

/** Builds the error for a non-2xx response, given the platform's own code and message when it sent them. */
export function httpError(res: RawResponse, code: string | undefined, message: string | undefined): PlatformError {
  return {
    kind: res.status === 401 ? "auth" : "http",
    status: res.status,
    code,
    message: message ?? `HTTP ${res.status}`,
    retryable: isRetryableStatus(res.status),
    retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
  };
}
