import { describe, expect, it } from "vitest";
import { coalescePost, MAX_POST_CHARS } from "./post-coalesce.ts";

const chat = (lines: string[]) => ({ header: "Chat C1", lines });

describe("coalescePost", () => {
  it.each([
    ["nothing unsent → a new post", undefined, chat(["a: hi"]), { appended: undefined, posts: ["Chat C1\na: hi"] }],
    [
      "the same chat continues → lines join under it",
      "Chat C1\na: hi",
      chat(["a: there?"]),
      { appended: "Chat C1\na: hi\na: there?", posts: [] },
    ],
    [
      "another chat → a block after a blank line",
      "Chat C1\na: hi",
      { header: "Chat C2", lines: ["b: yo"] },
      { appended: "Chat C1\na: hi\n\nChat C2\nb: yo", posts: [] },
    ],
    [
      "a note without header → its own paragraph",
      "Chat C1\na: hi",
      { header: "", lines: ["📞 call ended"] },
      { appended: "Chat C1\na: hi\n\n📞 call ended", posts: [] },
    ],
  ] as const)("%s", (_what, unsent, block, expected) => {
    expect(coalescePost(unsent, { header: block.header, lines: [...block.lines] })).toEqual(expected);
  });

  it("fills the unsent post up to the limit and puts the rest in new posts, losing no line", () => {
    const line = "x".repeat(1000);
    const lines = Array.from({ length: 20 }, (_, i) => `${i}:${line}`);
    const result = coalescePost(`Chat C1\n${"y".repeat(5000)}`, chat(lines));
    const all = [result.appended ?? "", ...result.posts].join("\n");
    for (let i = 0; i < 20; i++) expect(all).toContain(`${i}:x`);
    for (const text of [result.appended ?? "", ...result.posts])
      expect(text.length).toBeLessThanOrEqual(MAX_POST_CHARS);
    expect(result.posts.length).toBeGreaterThanOrEqual(2);
  });

  it("splits a single line longer than a post rather than cutting it", () => {
    const result = coalescePost(undefined, chat(["z".repeat(20_000)]));
    expect(result.posts.length).toBe(3);
    expect(result.posts.join("").replace(/Chat C1\n/g, "")).toBe("z".repeat(20_000));
  });
});
