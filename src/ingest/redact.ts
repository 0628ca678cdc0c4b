import type { PlatformRegistry } from "../platforms/registry.ts";
import type { Headers } from "../platforms/types.ts";

const CENSOR = "[redacted]";

/**
 * What a stored rejected body may keep. Every platform's own redaction runs, whatever the URL's platform: a LiveChat
 * body posted to a RingCentral URL still carries a LiveChat secret. Then the connection's real secret is cut out
 * wherever it appears verbatim (a header value pasted into a body, a secret in an unknown field). Redaction runs on
 * the whole body, before truncation, so a secret cannot survive half-cut at the boundary.
 */
export function redactRejectedBody(raw: Buffer, platforms: PlatformRegistry, secrets: string[]): Buffer {
  let body = raw;
  for (const platform of Object.values(platforms)) body = platform.redactBody?.(body) ?? body;
  for (const secret of secrets) body = replaceAll(body, secret);
  return body;
}

/**
 * Headers kept with a rejection: an allow-list of harmless names (never tokens, signatures, cookies or
 * authorization), values capped and scrubbed of the connection's secret.
 */
const KEPT = ["content-type", "content-length", "user-agent", "x-chatwoot-delivery", "x-chatwoot-timestamp"];

export function redactRejectedHeaders(headers: Headers, secrets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT) {
    const value = headers[name];
    if (typeof value !== "string") continue;
    let kept = value;
    for (const secret of secrets) kept = kept.split(secret).join(CENSOR);
    out[name] = kept.slice(0, 256);
  }
  return out;
}

function replaceAll(haystack: Buffer, secret: string): Buffer {
  const needle = Buffer.from(secret);
  if (needle.length < 4) return haystack; // too short to be a real secret; would shred ordinary text
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle, from); at >= 0; at = haystack.indexOf(needle, from)) {
    parts.push(haystack.subarray(from, at), Buffer.from(CENSOR));
    from = at + needle.length;
  }
  if (from === 0) return haystack;
  parts.push(haystack.subarray(from));
  return Buffer.concat(parts);
}
