import { describe, expect, it } from "vitest";
import { redactBody } from "./redact.ts";

const redacted = (text: string | Buffer) =>
  redactBody(Buffer.isBuffer(text) ? text : Buffer.from(text)).toString("latin1");

describe("redactBody (LiveChat secret_key)", () => {
  it.each([
    ["top level", '{"secret_key":"s3cret","action":"x"}', '{"secret_key":"[redacted]","action":"x"}'],
    ["spaces around the colon", '{"secret_key" : "s3cret"}', '{"secret_key" : "[redacted]"}'],
    [
      "nested and repeated",
      '{"a":{"secret_key":"s3cret"},"secret_key":"s3cret"}',
      '{"a":{"secret_key":"[redacted]"},"secret_key":"[redacted]"}',
    ],
    ["escaped quotes inside", '{"secret_key":"s3\\"cret","b":1}', '{"secret_key":"[redacted]","b":1}'],
    ["cut off inside the value", '{"action":"x","secret_key":"s3cr', '{"action":"x","secret_key":"[redacted]"'],
    ["cut off after a backslash", '{"secret_key":"s3cr\\', '{"secret_key":"[redacted]"'],
    ["not a string", '{"secret_key":12345,"a":1}', '{"secret_key":"[redacted]","a":1}'],
    ["no secret", '{"action":"x"}', '{"action":"x"}'],
  ])("%s", (_name, input, expected) => {
    expect(redacted(input)).toBe(expected);
  });

  it("keeps bytes that are not UTF-8", () => {
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"secret_key":"s3cret"}')]);
    const out = redactBody(input);
    expect([...out.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(out.toString("latin1")).not.toContain("s3cret");
  });
});
