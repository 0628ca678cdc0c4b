import { describe, expect, it } from "vitest";
import { checkMediaType, checkWebhookBody } from "./body-rules.ts";

const json = { "content-type": "application/json" };
const body = (text: string) => Buffer.from(text);

describe("checkMediaType", () => {
  it.each([
    ["application/json", null],
    ["application/json; charset=UTF-8", null],
    ['Application/JSON;charset="utf-8"', null],
    ["application/json; boundary=x", null],
    [undefined, "no Content-Type; send application/json"],
    ["", "no Content-Type; send application/json"],
    ["garbage///", "Content-Type must be application/json"],
    ["text/plain", "Content-Type must be application/json"],
    ["application/json-patch+json", "Content-Type must be application/json"],
    ["application/x-www-form-urlencoded", "Content-Type must be application/json"],
    ["application/json; charset=utf-16", "charset must be UTF-8"],
    ["application/json; charset=latin1", "charset must be UTF-8"],
  ])("%s", (header, expected) => {
    expect(checkMediaType(header)).toBe(expected);
  });
});

describe("checkWebhookBody", () => {
  it.each([
    ["an empty body, whatever the headers (RingCentral's handshake)", Buffer.alloc(0), {}, null],
    ["JSON declared as JSON", body('{"a":1}'), json, null],
    ["JSON declared as text", body('{"a":1}'), { "content-type": "text/plain" }, "unsupported_media_type"],
    ["a body without a Content-Type", body('{"a":1}'), {}, "unsupported_media_type"],
    ["a compressed body", body('{"a":1}'), { ...json, "content-encoding": "gzip" }, "unsupported_media_type"],
    ["identity encoding", body('{"a":1}'), { ...json, "content-encoding": "identity" }, null],
    ["a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body("{}")]), json, "bad_encoding"],
    ["bytes that are not UTF-8", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), json, "bad_encoding"],
    ["UTF-16 without a BOM (valid bytes; the JSON parser refuses it)", Buffer.from("{}", "utf16le"), json, null],
    ["deep nesting", body(`${"[".repeat(65)}${"]".repeat(65)}`), json, "json_too_deep"],
    ["nesting at the limit", body(`${"[".repeat(64)}${"]".repeat(64)}`), json, null],
  ])("%s", (_name, raw, headers, reason) => {
    expect(checkWebhookBody(raw, headers)?.reason ?? null).toBe(reason);
  });
});
