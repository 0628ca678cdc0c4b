import { describe, expect, it } from "vitest";
import type { SetupIvr } from "../../../src/admin/setup.ts";
import {
  actionTarget,
  hoursChange,
  ivrKeyChange,
  ivrTree,
  keyLabel,
  memberChange,
  numberChange,
  overflowChange,
  parseDayRanges,
  WEEKDAYS,
} from "./phone-system.ts";

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

describe("overflowChange", () => {
  it("names the queue with its members unchanged, drops itself and duplicates from the targets", () => {
    expect(overflowChange(queue, true, ["802", "801", "802", "803"]).queues).toEqual([
      { ...queue, overflow: { enabled: true, queues: ["802", "803"] } },
    ]);
    expect(overflowChange(queue, false, []).queues[0]?.overflow).toEqual({ enabled: false, queues: [] });
  });
});

describe("ivrKeyChange", () => {
  const m = menu("901", [
    { input: "1", action: "Connect", extension: "801" },
    { input: "3", action: "Voicemail", extension: "101" },
  ]);
  it.each([
    ["sets a new key in input order", "2", "Connect", "802", ["1:Connect:801", "2:Connect:802", "3:Voicemail:101"]],
    ["replaces a key", "1", "Transfer", "+16505550100", ["1:Transfer:+16505550100", "3:Voicemail:101"]],
    ["removes a key", "3", null, "", ["1:Connect:801"]],
    [
      "drops a stale target for an action that needs none",
      "3",
      "DialByName",
      "101",
      ["1:Connect:801", "3:DialByName:"],
    ],
  ] as const)("%s", (_, input, action, target, keys) => {
    const r = ivrKeyChange(m, input, action, target);
    if (!r.ok) throw new Error(r.reason);
    const actions = r.setup.ivrMenus[0]?.actions ?? [];
    expect(actions.map((a) => `${a.input}:${a.action}:${a.extension ?? a.phoneNumber ?? ""}`)).toEqual(keys);
    expect(r.setup.queues).toEqual([]);
  });
  it.each([
    ["Connect", "", "Connect needs a target"],
    ["Connect", "abc", "choose an extension"],
    ["Transfer", "5550100", "E.164"],
  ] as const)("refuses %s to %j", (action, target, reason) => {
    const r = ivrKeyChange(m, "5", action, target);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
  it("knows each action's target", () => {
    expect([actionTarget("Connect"), actionTarget("Transfer"), actionTarget("Repeat")]).toEqual([
      "extension",
      "phoneNumber",
      "none",
    ]);
  });
});

describe("numberChange", () => {
  it("assigns or releases one number", () => {
    expect(numberChange("+16505550101", "101").phoneNumbers).toEqual([
      { phoneNumber: "+16505550101", extension: "101" },
    ]);
    expect(numberChange("+16505550101", null).phoneNumbers).toEqual([{ phoneNumber: "+16505550101", extension: null }]);
  });
});

describe("parseDayRanges", () => {
  it.each([
    ["", []],
    ["9:00-17:00", [{ from: "09:00", to: "17:00" }]],
    [
      "08:00 - 12:00, 13:00–18:30",
      [
        { from: "08:00", to: "12:00" },
        { from: "13:00", to: "18:30" },
      ],
    ],
    ["00:00-24:00", [{ from: "00:00", to: "24:00" }]],
  ])("reads %j", (text, ranges) => {
    expect(parseDayRanges(text)).toEqual({ ok: true, ranges });
  });
  it.each([
    ["9-17", "not a range"],
    ["17:00-09:00", "ends before it starts"],
    ["09:00-25:00", "does not exist"],
  ])("refuses %j", (text, reason) => {
    const r = parseDayRanges(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe("hoursChange", () => {
  const days = Object.fromEntries(WEEKDAYS.map((d) => [d, ""])) as Record<(typeof WEEKDAYS)[number], string>;
  it("keeps open days only and names the day of a bad range", () => {
    const r = hoursChange({ ...days, monday: "09:00-17:00" });
    expect(r).toEqual({
      ok: true,
      setup: {
        queues: [],
        ivrMenus: [],
        phoneNumbers: [],
        businessHours: { monday: [{ from: "09:00", to: "17:00" }] },
      },
    });
    const bad = hoursChange({ ...days, friday: "late" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^friday: /);
  });
});
