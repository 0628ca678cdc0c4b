import { describe, expect, it } from "vitest";
import type { SetupIvr } from "../../../src/admin/setup.ts";
import { ivrTree, keyLabel, memberChange } from "./phone-system.ts";

const queue = { extensionNumber: "801", name: "Support", members: ["101", "102"] };
const menu = (n: string, actions: SetupIvr["actions"]): SetupIvr => ({
  extensionNumber: n,
  name: `Menu ${n}`,
  actions,
});

describe("memberChange", () => {
  it.each([
    ["in", "103", ["101", "102", "103"]],
    ["in", "101", ["101", "102"]],
    ["out", "101", ["102"]],
    ["out", "109", ["101", "102"]],
  ] as const)("moves %s %s", (move, ext, members) => {
    expect(memberChange(queue, ext, move)).toEqual({
      queues: [{ extensionNumber: "801", name: "Support", members }],
      ivrMenus: [],
      phoneNumbers: [],
    });
  });
});

describe("ivrTree", () => {
  it("nests a menu under the key that reaches it and keeps other targets as leaves", () => {
    const tree = ivrTree([
      menu("902", [{ input: "1", action: "Connect", extension: "801" }]),
      menu("901", [
        { input: "1", action: "Connect", extension: "801" },
        { input: "2", action: "Transfer", extension: "902" },
      ]),
    ]);
    expect(tree.map((n) => n.menu.extensionNumber)).toEqual(["901"]);
    expect(tree[0]?.children.map((c) => [c.input, c.target, c.menu?.menu.extensionNumber])).toEqual([
      ["1", "801", undefined],
      ["2", "902", "902"],
    ]);
  });

  it("stops at a cycle and still shows a root", () => {
    const tree = ivrTree([
      menu("901", [{ input: "1", action: "Transfer", extension: "902" }]),
      menu("902", [{ input: "Star", action: "Transfer", extension: "901" }]),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children[0]?.menu?.children[0]?.menu).toBeUndefined();
    expect(keyLabel("Star")).toBe("*");
  });
});
