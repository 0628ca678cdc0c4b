import { checkJsonBounds, JSON_LIMITS } from "../lib/json-bounds.ts";
import type { Headers } from "../platforms/types.ts";

export type BodyRuleReason = "unsupported_media_type" | "bad_encoding" | "json_too_deep" | "json_too_many_keys";
export type BodyRuleViolation = { reason: BodyRuleReason; detail: string };

/**
 * One rule for the bytes of every webhook, the same on every platform route, checked before the platform's own
 * verify() and before anything parses or walks the body. What each platform really sends (platforms/*.md):
 * LiveChat `Content-Type: application/json`; RingCentral `application/json; charset=UTF-8` (its subscribe-time
 * handshake: an empty body, maybe no Content-Type); Chatwoot `application/json`. None compresses, none adds a
 * byte-order mark (RFC 8259 §8.1 forbids senders to). So a non-empty body must be declared `application/json`
 * (any parameters; a charset, if given, must be UTF-8) and not content-encoded, else 415; it must be UTF-8
 * without a BOM, else 400 `bad_encoding`; and its JSON must stay inside JSON_LIMITS (depth, keys), else 400.
 * An empty body passes here: the handshake needs it, and verify() refuses it as `empty_body` otherwise.
 * Documented for operators in docs/operations.md ("What a webhook body must look like").
 */
export function checkWebhookBody(rawBody: Buffer, headers: Headers): BodyRuleViolation | null {
  if (rawBody.length === 0) return null;
  const mediaType = checkMediaType(headers["content-type"]);
  if (mediaType) return { reason: "unsupported_media_type", detail: mediaType };
  const encoding = headers["content-encoding"]?.trim().toLowerCase();
  if (encoding && encoding !== "identity") {
    return { reason: "unsupported_media_type", detail: "Content-Encoding is not supported; send the JSON as is" };
  }
  if (rawBody[0] === 0xef && rawBody[1] === 0xbb && rawBody[2] === 0xbf) {
    return { reason: "bad_encoding", detail: "body starts with a byte-order mark" };
  }
  let text: string;
  try {
    text = utf8.decode(rawBody);
  } catch {
    return { reason: "bad_encoding", detail: "body is not valid UTF-8" };
  }
  const bounds = checkJsonBounds(text, JSON_LIMITS);
  return bounds.ok ? null : bounds.error;
}

// ignoreBOM keeps a BOM visible (it is refused above, never silently dropped); fatal refuses invalid bytes.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Null when the header declares JSON in UTF-8; otherwise why not. */
export function checkMediaType(header: string | undefined): string | null {
  if (header === undefined || header.trim() === "") return "no Content-Type; send application/json";
  const [type = "", ...params] = header.split(";");
  if (type.trim().toLowerCase() !== "application/json") return "Content-Type must be application/json";
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
    if (name === "charset" && value !== "utf-8" && value !== "utf8") return "charset must be UTF-8";
  }
  return null;
}
