import { describe, expect, it } from "vitest";
import { cutPage, fetchSize } from "./keyset.ts";

describe("cutPage", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
  it.each([
    ["no rows", 0, 3, [], null],
    ["fewer rows than the page", 2, 3, ["r0", "r1"], null],
    ["exactly a page: no next page", 3, 3, ["r0", "r1", "r2"], null],
    ["the extra row fetched: a next page after the last kept", 4, 3, ["r0", "r1", "r2"], "r2"],
  ])("%s", (_name, n, limit, kept, next) => {
    const cut = cutPage(rows(n), limit, (r) => r.id);
    expect(cut.rows.map((r) => r.id)).toEqual(kept);
    expect(cut.nextCursor).toBe(next);
  });

  it("fetches one row more than the page", () => {
    expect(fetchSize(50)).toBe(51);
  });
});
