import type { BotOwner } from "../db/schema/index.ts";

/**
 * Who may speak in a conversation. The bot starts it; a handoff or any human agent's message gives it to a person;
 * only an explicit action gives it back; closing ends it (a customer writing again reopens it with the bot only
 * when the bot had it when it closed).
 */
export type OwnershipEvent =
  | { type: "handoff" }
  | { type: "human_message" }
  | { type: "human_assigned" }
  | { type: "return_to_bot" }
  | { type: "close" }
  | { type: "customer_message" };

export type Transition = { owner: BotOwner; changed: boolean };

export function nextOwner(owner: BotOwner, event: OwnershipEvent): Transition {
  const to = (next: BotOwner): Transition => ({ owner: next, changed: next !== owner });
  switch (event.type) {
    case "handoff":
    case "human_message":
    case "human_assigned":
      return owner === "closed" ? to("closed") : to("human");
    case "return_to_bot":
      return owner === "human" ? to("bot") : to(owner);
    case "close":
      return to("closed");
    case "customer_message":
      // A closed conversation the customer writes in again is a new question: the bot may take it.
      return owner === "closed" ? to("bot") : to(owner);
  }
}

/** The bot may send only while it owns the conversation: checked again right before anything is sent. */
export const botMaySend = (owner: BotOwner): boolean => owner === "bot";
