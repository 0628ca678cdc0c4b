import type { PlatformError, RawResponse } from "../../lib/http-client.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";

export type BinaryResponse = RawResponse & { bytes: Uint8Array };

/**
 * GET returning raw bytes. Exists only because `send()` reads bodies as text, which corrupts audio; it keeps
 * send()'s contract: any HTTP status is a successful transport, only network failures are errors, and error
 * bodies are still decoded as text/JSON so the platform's code and message survive.
 */
export async function fetchBytes(req: {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}): Promise<Result<BinaryResponse, PlatformError>> {
  try {
    const res = await fetch(req.url, {
      method: "GET",
      headers: { accept: "audio/mpeg, audio/wav, */*", ...req.headers },
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const isSuccess = res.status >= 200 && res.status < 300;
    // Only error bodies are decoded: a recording can be megabytes and is never JSON.
    const text = isSuccess ? "" : new TextDecoder().decode(bytes);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return ok({ status: res.status, headers: res.headers, text, json, bytes });
  } catch (cause) {
    const timeout = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    return err({
      kind: timeout ? "timeout" : "network",
      message: cause instanceof Error ? cause.message : "fetch failed",
      retryable: true,
    });
  }
}
