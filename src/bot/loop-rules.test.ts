import { describe, expect, it } from "vitest";
import type { BotOwner } from "../db/schema/index.ts";
import { considerMessage, type InboundMessage, recentReplies, replyRateExceeded } from "./loop-rules.ts";

const customer: InboundMessage = {
  direction: "incoming",
  author: "customer",
  private: false,
  activity: false,
  botMarker: null,
  text: "How do refunds work?",
};

const cases: Array<[string, Partial<InboundMessage>, BotOwner, boolean, string | null]> = [
  ["a customer's public message, bot owns", {}, "bot", true, null],
  ["a customer's message in a closed conversation (reopens)", {}, "closed", true, null],
  ["a customer's message while a human owns it", {}, "human", false, "a human owns the conversation"],
  [
    "our own echo, even if the platform calls it incoming",
    { botMarker: "bau_1" },
    "bot",
    false,
    "own echo (marked by the bot)",
  ],
  [
    "our own echo as an agent_bot message",
    { botMarker: "bau_1", author: "bot", direction: "outgoing" },
    "bot",
    false,
    "own echo (marked by the bot)",
  ],
  ["another bot's message", { author: "bot", direction: "outgoing" }, "bot", false, "message from a bot"],
  ["a human agent's reply", { author: "human", direction: "outgoing" }, "bot", false, "a human agent wrote"],
  [
    "a human agent's private note",
    { author: "human", direction: "outgoing", private: true },
    "bot",
    false,
    "a human agent wrote",
  ],
  ["an activity message", { author: "system", activity: true }, "bot", false, "activity message"],
  ["a system message", { author: "system" }, "bot", false, "system message"],
  ["an outgoing message without author", { direction: "outgoing" }, "bot", false, "outgoing message"],
  ["a customer's private note (API inbox)", { private: true }, "bot", false, "private note"],
  ["an empty message (attachment only)", { text: "  " }, "bot", false, "empty message"],
];

describe("loop prevention", () => {
  it.each(cases)("%s", (_name, patch, owner, consider, reason) => {
    const verdict = considerMessage({ ...customer, ...patch }, owner);
    expect(verdict.consider).toBe(consider);
    if (!verdict.consider) expect(verdict.reason).toBe(reason);
  });

  it("a human agent's message is the sign a person took over; nothing else is", () => {
    expect(considerMessage({ ...customer, author: "human", direction: "outgoing" }, "bot")).toMatchObject({
      humanTookOver: true,
    });
    expect(considerMessage({ ...customer, author: "bot", direction: "outgoing" }, "bot")).not.toHaveProperty(
      "humanTookOver",
    );
  });

  it.each([
    [[], 1000, 3, false],
    [[900, 950], 1000, 3, false],
    [[800, 900, 950], 1000, 3, true],
    [[-70_000, -65_000, 900], 1000, 3, false],
  ] as const)("rate limit: %j at %d (max %d/min) → %s", (times, now, max, exceeded) => {
    expect(replyRateExceeded([...times], now, max)).toBe(exceeded);
  });

  it("keeps only the last minute's replies", () => {
    expect(recentReplies([0, 30_000, 31_000, 90_000], 90_000)).toEqual([31_000, 90_000]);
  });
});
