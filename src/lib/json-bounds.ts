import { err, ok, type Result } from "./result.ts";

/**
 * Bounds on JSON from outside, checked before anything walks it: V8's JSON.stringify, canonical JSON, zod and
 * PostgreSQL's jsonb all recurse, and a 10,000-level array overflows their stacks. Real webhooks are far inside
 * these (LiveChat's deepest documented payload nests 7 levels; a long chat thread has a few thousand keys).
 */
export const JSON_LIMITS = { maxDepth: 64, maxKeys: 20_000 } as const;
export type JsonLimits = { maxDepth: number; maxKeys: number };

export type JsonBoundsError = { reason: "json_too_deep" | "json_too_many_keys"; detail: string };

/**
 * One iterative pass over the text (no recursion, O(length)): nesting depth of arrays and objects, and the number
 * of object keys (every `:` outside a string). It does not validate JSON; JSON.parse does that afterwards.
 */
export function checkJsonBounds(text: string, limits: JsonLimits = JSON_LIMITS): Result<void, JsonBoundsError> {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > limits.maxDepth) {
        return err({ reason: "json_too_deep", detail: `JSON nests deeper than ${limits.maxDepth} levels` });
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    else if (c === 0x3a) {
      keys++;
      if (keys > limits.maxKeys) {
        return err({ reason: "json_too_many_keys", detail: `JSON has more than ${limits.maxKeys} object keys` });
      }
    }
  }
  return ok(undefined);
}

export type BoundedParseError = JsonBoundsError | { reason: "malformed_json"; detail: string };

/** JSON.parse behind the bounds: the only way text from outside becomes a value that other code may walk. */
export function parseBoundedJson(text: string, limits: JsonLimits = JSON_LIMITS): Result<unknown, BoundedParseError> {
  const bounds = checkJsonBounds(text, limits);
  if (!bounds.ok) return bounds;
  try {
    return ok(JSON.parse(text));
  } catch {
    // The parser's own message quotes the text, which may hold a secret: it is never passed on.
    return err({ reason: "malformed_json", detail: "body is not valid JSON" });
  }
}
