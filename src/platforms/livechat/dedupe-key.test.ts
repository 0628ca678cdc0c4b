import { describe, expect, it } from "vitest";
import { canonicalJson } from "./dedupe-key.ts";

describe("canonicalJson", () => {
  it("sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  it("is bounded: a value nested 100,000 deep does not overflow the stack", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(canonicalJson(deep)).toContain('"[depth limit]"');
  });
});
