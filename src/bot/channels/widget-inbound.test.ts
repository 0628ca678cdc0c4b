import { describe, expect, it } from "vitest";
import { considerMessage } from "../loop-rules.ts";
import { parseWidgetEvent, type WidgetInbound } from "./widget-inbound.ts";

const base: WidgetInbound = {
  conversationId: "cnv_1",
  eventId: "cev_1",
  type: "message",
  authorType: "visitor",
  authorId: "vis_1",
  text: "How do I reset my password?",
  metadata: {},
};

describe("widget events as the bot sees them", () => {
  const cases: Array<[string, Partial<WidgetInbound>, boolean, string | null]> = [
    ["a visitor's message is answered", {}, true, null],
    [
      "the bot's own message (marked) is its echo",
      { authorType: "bot", metadata: { switchboard_bot: "bau_1" } },
      false,
      "own echo (marked by the bot)",
    ],
    ["another bot's message", { authorType: "bot", authorId: "other" }, false, "message from a bot"],
    ["a human agent's message takes over", { authorType: "agent", authorId: "agt_1" }, false, "a human agent wrote"],
    ["a system event (joined, transferred)", { type: "system", authorType: "system" }, false, "activity message"],
    ["an empty visitor message", { text: "  " }, false, "empty message"],
  ];
  it.each(cases)("%s", (_name, patch, consider, reason) => {
    const event = parseWidgetEvent({ ...base, ...patch });
    if (event.kind !== "message") throw new Error("expected a message");
    const verdict = considerMessage(event.message, "bot");
    expect(verdict.consider).toBe(consider);
    if (!verdict.consider) expect(verdict.reason).toBe(reason);
  });

  it("keys the contact by visitor and ignores what is not a chat event", () => {
    const event = parseWidgetEvent(base);
    expect(event.kind === "message" && event.contactKey).toBe("widget:vis_1");
    expect(parseWidgetEvent({ hello: 1 })).toEqual({ kind: "ignored", reason: "not a built-in chat event" });
  });
});
