import type { BotOwner } from "../db/schema/index.ts";

/** A message as every channel reports it, before the bot decides anything. */
export type InboundMessage = {
  /** incoming = from the customer; outgoing = from an agent, a bot or an automation. */
  direction: "incoming" | "outgoing";
  author: "customer" | "human" | "bot" | "system";
  private: boolean;
  /** Activity / system messages ("Conversation was marked open", transfers, greetings by the platform). */
  activity: boolean;
  /** The id Switchboard's bot attaches to what it sends, when present on this message. */
  botMarker: string | null;
  text: string;
};

export type LoopVerdict = { consider: true } | { consider: false; reason: string; humanTookOver?: boolean };

/**
 * Never answer anything but a customer's own public message in a conversation the bot owns: not outgoing
 * messages, notes, activity, other bots, its own echoes (by marker, whatever the platform says the author is),
 * nor anything while a human owns the conversation. A human agent's public or private message is the sign
 * that a person is here.
 */
export function considerMessage(message: InboundMessage, owner: BotOwner): LoopVerdict {
  if (message.botMarker !== null) return { consider: false, reason: "own echo (marked by the bot)" };
  if (message.activity) return { consider: false, reason: "activity message" };
  if (message.author === "human") return { consider: false, reason: "a human agent wrote", humanTookOver: true };
  if (message.author === "bot") return { consider: false, reason: "message from a bot" };
  if (message.author === "system") return { consider: false, reason: "system message" };
  if (message.direction === "outgoing") return { consider: false, reason: "outgoing message" };
  if (message.private) return { consider: false, reason: "private note" };
  if (message.text.trim() === "") return { consider: false, reason: "empty message" };
  if (owner === "human") return { consider: false, reason: "a human owns the conversation" };
  return { consider: true };
}

const WINDOW_MS = 60_000;

/** Recent reply times kept for the per-conversation rate limit. */
export function recentReplies(times: number[], nowMs: number): number[] {
  return times.filter((t) => t > nowMs - WINDOW_MS && t <= nowMs);
}

/** True when one more reply would exceed `maxPerMinute` in this conversation. */
export function replyRateExceeded(times: number[], nowMs: number, maxPerMinute: number): boolean {
  return recentReplies(times, nowMs).length >= maxPerMinute;
}
