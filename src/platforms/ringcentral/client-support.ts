import type { PlatformError } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";

export const DEFAULT_BASE_URL = "https://platform.ringcentral.com";
/** Recordings are served from the media entry point, not the API host (platforms/ringcentral.md §3.4). */
export const MEDIA_HOST = "media.ringcentral.com";

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

/** Absolute URLs (a recording's contentUri) are used as given; paths are joined to the base URL. */
export function buildUrl(baseUrl: string, path: string, query: Query | undefined): string {
  const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    // Repeatable parameters (address-book `phoneNumber`) are sent once per value.
    const values = Array.isArray(value) ? value : [String(value)];
    for (const v of values) url.searchParams.append(name, v);
  }
  return url.toString();
}

/** Path segment for an id; `~` (the authorised account/extension) passes through unchanged. */
export const seg = (id: string | number): string => encodeURIComponent(String(id));

export const localError = (code: string, message: string, retryable = false, retryAfterMs?: number): PlatformError => ({
  kind: "http",
  code,
  message,
  retryable,
  retryAfterMs,
});

/**
 * Recording URLs arrive inside payloads, and we attach our bearer token to them: fetch only from the
 * platform's own hosts (PRODUCT §2.9). Plain http is allowed only when the API itself is (the sandbox).
 */
export function checkRecordingUrl(
  contentUri: string,
  baseUrl: string,
  allowedHosts: ReadonlySet<string>,
): Result<string, PlatformError> {
  let url: URL;
  try {
    url = new URL(contentUri, baseUrl);
  } catch {
    return err(localError("INVALID_RECORDING_URL", `not a URL: ${contentUri}`));
  }
  const allowHttp = new URL(baseUrl).protocol === "http:";
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
    return err(localError("RECORDING_HOST_NOT_ALLOWED", `refusing ${url.protocol} recording URL`));
  }
  if (url.username !== "" || url.password !== "") {
    return err(localError("RECORDING_HOST_NOT_ALLOWED", "refusing a recording URL with credentials"));
  }
  if (!allowedHosts.has(url.host.toLowerCase()) && !allowedHosts.has(url.hostname.toLowerCase())) {
    return err(localError("RECORDING_HOST_NOT_ALLOWED", `recording host ${url.host} is not allowed`));
  }
  return ok(url.toString());
}
