import { describe, expect, it } from "vitest";
import type { BotOwner } from "../db/schema/index.ts";
import { botMaySend, nextOwner, type OwnershipEvent } from "./ownership.ts";

const table: Array<[BotOwner, OwnershipEvent["type"], BotOwner]> = [
  ["bot", "handoff", "human"],
  ["bot", "human_message", "human"],
  ["bot", "human_assigned", "human"],
  ["bot", "customer_message", "bot"],
  ["bot", "return_to_bot", "bot"],
  ["bot", "close", "closed"],
  ["human", "customer_message", "human"],
  ["human", "handoff", "human"],
  ["human", "human_message", "human"],
  ["human", "return_to_bot", "bot"],
  ["human", "close", "closed"],
  ["closed", "human_message", "closed"],
  ["closed", "handoff", "closed"],
  ["closed", "return_to_bot", "closed"],
  ["closed", "customer_message", "bot"],
  ["closed", "close", "closed"],
];

describe("ownership state machine", () => {
  it.each(table)("%s + %s → %s", (from, event, to) => {
    const t = nextOwner(from, { type: event } as OwnershipEvent);
    expect(t).toEqual({ owner: to, changed: from !== to });
  });

  it("only an explicit return gives a human's conversation back to the bot", () => {
    const events: OwnershipEvent["type"][] = [
      "handoff",
      "human_message",
      "human_assigned",
      "customer_message",
      "close",
    ];
    for (const e of events) expect(nextOwner("human", { type: e } as OwnershipEvent).owner).not.toBe("bot");
  });

  it.each([
    ["bot", true],
    ["human", false],
    ["closed", false],
  ] as const)("the bot may send while the owner is %s: %s", (owner, may) => {
    expect(botMaySend(owner)).toBe(may);
  });
});
