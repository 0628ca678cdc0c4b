/**
 * Rails serialisation details that change the bytes a receiver sees (and signs over): `to_json` escapes
 * `<`, `>`, `&`, U+2028 and U+2029, and times are either ISO-8601 with milliseconds, integer seconds (`to_i`)
 * or float seconds (`to_f`).
 */

const RAILS_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Compact JSON as Rails `to_json` writes it (those characters can only occur inside strings, so escaping is safe). */
export function railsJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => RAILS_ESCAPES[c] ?? c);
}

/** `Time#as_json`: ISO-8601 with milliseconds, UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** `to_i`; Ruby's `nil.to_i` is 0, which Chatwoot relies on for unset times. */
export const toI = (ms: number | null): number => (ms === null ? 0 : Math.floor(ms / 1000));

/** `to_f`: seconds with a fraction. */
export const toF = (ms: number): number => ms / 1000;
