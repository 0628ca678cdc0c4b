import type { EventBus } from "./events.ts";
import type { Actor, SenderRef } from "./model.ts";
import type { ChatwootConfig } from "./options.ts";
import type { ChatwootState } from "./state.ts";

/** What every action and route needs: the account's state, the resolved options and the event bus. */
export type SimContext = {
  state: ChatwootState;
  config: ChatwootConfig;
  bus: EventBus;
};

export const actorName = (actor: Actor): string => (actor.kind === "user" ? actor.user.name : actor.bot.name);

export const actorSender = (actor: Actor): SenderRef =>
  actor.kind === "user" ? { type: "User", id: actor.user.id } : { type: "AgentBot", id: actor.bot.id };

/** One `changed_attributes` entry source: attribute, previous value, current value. */
export type Change = [attribute: string, previous: unknown, current: unknown];

/** `BaseListener#extract_changed_attributes`: single-key objects, `updated_at` included (doc §2.4). */
export function changedAttributes(
  changes: Change[],
): Record<string, { previous_value: unknown; current_value: unknown }>[] {
  return changes.map(([attribute, previous, current]) => ({
    [attribute]: { previous_value: previous, current_value: current },
  }));
}
