/**
 * LiveChat's secret travels in the body as `secret_key` (platforms/livechat.md §1.2), so any copy of a body we keep
 * must lose it, also when the body does not parse (cut off, not UTF-8, the key nested or repeated). Works on the
 * bytes as latin1, which maps every byte to one character, so invalid UTF-8 survives the round trip unchanged.
 * A value cut off by the end of the body is redacted to the end.
 */
const SECRET_VALUE = /("secret_key"\s*:\s*)(?:"(?:[^"\\]|\\[\s\S])*(?:"|\\?$)|[^,}\]\s]+)/g;

export function redactBody(raw: Buffer): Buffer {
  const text = raw.toString("latin1");
  if (!text.includes("secret_key")) return raw;
  return Buffer.from(text.replace(SECRET_VALUE, '$1"[redacted]"'), "latin1");
}
