import { describe, expect, it } from "vitest";
import { checkJsonBounds, JSON_LIMITS, parseBoundedJson } from "./json-bounds.ts";

const limits = { maxDepth: 3, maxKeys: 4 };

describe("checkJsonBounds", () => {
  it.each([
    ["flat", '{"a":1,"b":[1,2]}', true],
    ["depth at the limit", "[[[1]]]", true],
    ["one level too deep", "[[[[1]]]]", false],
    ["brackets inside strings do not count", '{"a":"[[[[[[[[[["}', true],
    ["escaped quotes keep the string open", '{"a":"\\"[[[[[[[["}', true],
    ["keys at the limit", '{"a":1,"b":2,"c":3,"d":4}', true],
    ["one key too many", '{"a":1,"b":2,"c":3,"d":4,"e":5}', false],
    ["colons inside strings are not keys", '["a:b:c:d:e:f"]', true],
    ["unbalanced close brackets do not underflow into a pass", "]]]][[[[", false],
  ])("%s", (_name, text, passes) => {
    expect(checkJsonBounds(text, limits).ok).toBe(passes);
  });

  it("names what was exceeded", () => {
    const deep = checkJsonBounds("[".repeat(100_000));
    expect(deep).toEqual({ ok: false, error: { reason: "json_too_deep", detail: expect.stringContaining("64") } });
    const wide = checkJsonBounds(
      `{${Array.from({ length: JSON_LIMITS.maxKeys + 1 }, (_, i) => `"k${i}":0`).join(",")}}`,
    );
    expect(wide.ok ? null : wide.error.reason).toBe("json_too_many_keys");
  });
});

describe("parseBoundedJson", () => {
  it("parses what is inside the bounds", () => {
    expect(parseBoundedJson('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
  });
  it("never quotes the text in its error", () => {
    const res = parseBoundedJson('{"secret_key":"s3cr3t-value"');
    expect(res.ok).toBe(false);
    expect(JSON.stringify(res)).not.toContain("s3cr3t");
  });
});
