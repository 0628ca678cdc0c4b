import { describe, expect, it } from "vitest";
import { cosine, nearest, reciprocalRankFusion } from "./fusion.ts";

describe("reciprocal rank fusion", () => {
  const cases: Array<[string, string[][], string[]]> = [
    ["one ranking keeps its order", [["a", "b", "c"]], ["a", "b", "c"]],
    [
      "agreement wins",
      [
        ["a", "b"],
        ["b", "a"],
      ],
      ["a", "b"],
    ],
    [
      "found by both beats first in one",
      [
        ["a", "b", "c"],
        ["c", "d", "b"],
      ],
      ["c", "b", "a", "d"],
    ],
    ["a document only the vectors found still ranks", [["a"], ["z", "a"]], ["a", "z"]],
    ["empty rankings", [[], []], []],
  ];
  it.each(cases)("%s", (_name, rankings, expected) => {
    expect(reciprocalRankFusion(rankings).map((f) => f.id)).toEqual(expected);
  });

  it("scores are 1/(k+rank) summed", () => {
    const [top] = reciprocalRankFusion([["a"], ["a"]], 60);
    expect(top?.score).toBeCloseTo(2 / 61, 10);
  });
});

describe("cosine and nearest", () => {
  it.each([
    [[1, 0], [1, 0], 1],
    [[1, 0], [0, 1], 0],
    [[1, 1], [2, 2], 1],
    [[0, 0], [1, 0], 0],
  ])("cosine(%j, %j) = %d", (a, b, expected) => {
    expect(cosine(a, b)).toBeCloseTo(expected, 10);
  });

  it("returns the most similar first, drops unrelated ones", () => {
    const vectors = new Map([
      ["far", [0, 1]],
      ["near", [1, 0.1]],
      ["mid", [1, 1]],
    ]);
    expect(nearest([1, 0], vectors, 5).map((n) => n.id)).toEqual(["near", "mid"]);
    expect(nearest([1, 0], vectors, 1).map((n) => n.id)).toEqual(["near"]);
  });
});
