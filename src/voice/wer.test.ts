import { describe, expect, it } from "vitest";
import { wordErrorRate } from "./wer.ts";

describe("wordErrorRate", () => {
  it.each([
    ["identical, punctuation and case ignored", "Hello, World.", "hello world", 0],
    ["one substitution in four", "call me back today", "call me back tomorrow", 0.25],
    ["one deletion in four", "call me back today", "call back today", 0.25],
    ["one insertion in four", "call me back today", "please call me back today", 0.25],
    ["empty hypothesis", "call me back today", "", 1],
    ["insertions beyond the reference", "yes", "yes yes yes", 2],
    ["both empty", "", "", 0],
  ])("%s", (_name, ref, hyp, expected) => {
    expect(wordErrorRate(ref, hyp)).toBeCloseTo(expected, 10);
  });
});
