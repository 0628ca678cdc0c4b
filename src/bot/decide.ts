import type { BotOwner } from "../db/schema/index.ts";

export type DecisionInput = {
  question: string;
  confidence: number;
  hits: number;
  threshold: number;
  botTurns: number;
  maxBotTurns: number;
  owner: BotOwner;
};

export type Decision = { action: "answer" | "handoff"; reason: string };

/** Phrases with which customers ask for a person; a request for a human always wins. */
const ASK_FOR_HUMAN =
  /\b(human|real person|a person|someone real|live agent|an agent|agent please|talk to (?:an? )?(?:agent|person|someone|human)|speak (?:to|with) (?:an? )?(?:agent|person|someone|human)|representative|operator|support team)\b/i;

export const asksForHuman = (text: string): boolean => ASK_FOR_HUMAN.test(text);

/**
 * Answer or hand off, and why. Handoff is this structured decision (the caller posts the handoff message and
 * performs the platform's own handoff); nothing here reads a model's output.
 */
export function decide(input: DecisionInput): Decision {
  if (input.owner !== "bot") return { action: "handoff", reason: `the conversation is owned by ${input.owner}` };
  if (asksForHuman(input.question)) return { action: "handoff", reason: "the customer asked for a person" };
  if (input.botTurns >= input.maxBotTurns)
    return {
      action: "handoff",
      reason: `the bot already answered ${input.botTurns} times (limit ${input.maxBotTurns})`,
    };
  if (input.hits === 0) return { action: "handoff", reason: "nothing in the knowledge base matches the question" };
  if (input.confidence < input.threshold)
    return {
      action: "handoff",
      reason: `retrieval confidence ${input.confidence.toFixed(2)} is below the threshold ${input.threshold.toFixed(2)}`,
    };
  return {
    action: "answer",
    reason: `retrieval confidence ${input.confidence.toFixed(2)} ≥ threshold ${input.threshold.toFixed(2)}`,
  };
}
