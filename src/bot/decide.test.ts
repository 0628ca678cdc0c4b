import { describe, expect, it } from "vitest";
import { asksForHuman, type DecisionInput, decide } from "./decide.ts";

const base: DecisionInput = {
  question: "How do refunds work?",
  confidence: 0.8,
  hits: 3,
  threshold: 0.6,
  botTurns: 0,
  maxBotTurns: 3,
  owner: "bot",
};

describe("answer or hand off", () => {
  it.each([
    ["confident", {}, "answer", /≥ threshold/],
    ["below the threshold", { confidence: 0.59 }, "handoff", /below the threshold/],
    ["exactly at the threshold", { confidence: 0.6 }, "answer", /≥ threshold/],
    ["no chunk found", { hits: 0, confidence: 0 }, "handoff", /nothing in the knowledge base/],
    ["turn limit reached", { botTurns: 3 }, "handoff", /limit 3/],
    [
      "asks for a person, even when confident",
      { question: "Can I talk to a human please" },
      "handoff",
      /asked for a person/,
    ],
    ["a human owns it", { owner: "human" as const }, "handoff", /owned by human/],
  ] as const)("%s", (_name, patch, action, reason) => {
    const d = decide({ ...base, ...patch });
    expect(d.action).toBe(action);
    expect(d.reason).toMatch(reason);
  });

  it.each([
    ["I want to speak to a person", true],
    ["Let me talk to an agent", true],
    ["Get me a representative", true],
    ["real person please", true],
    ["How do I reset my password?", false],
    ["Which payment methods do you accept?", false],
  ])("%s → asks for a human: %s", (text, expected) => {
    expect(asksForHuman(text)).toBe(expected);
  });
});
