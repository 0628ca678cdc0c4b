import type { DomainEvent } from "../events.ts";
import { applyCallUpdate, endCallsBefore } from "./calls.ts";
import { endChat, startChat } from "./chats.ts";
import { rememberCommands } from "./command-memory.ts";
import { applyObservation } from "./observe.ts";
import { pruneTombstones } from "./tombstones.ts";
import type { Actuals, AgentState, ApplyContext, ApplyResult, ChatChannel, RingCentralObserved } from "./types.ts";

/**
 * Is this agent among the assignees? Unknown when the caller did not tell us the agent's id on that platform.
 * An empty list on chat.started is a queued chat the caller still resolved to this agent, so it counts.
 */
function assignedHere(ctx: ApplyContext, platform: ChatChannel, agentIds: readonly string[]): boolean | undefined {
  const own = ctx.identities?.[platform];
  if (own === undefined) return undefined;
  return agentIds.some((id) => id.toLowerCase() === own.toLowerCase());
}

function presenceState(event: Extract<DomainEvent, { type: "presence.changed" }>): RingCentralObserved {
  const state: RingCentralObserved = {};
  if (event.userStatus !== undefined) state.userStatus = event.userStatus;
  if (event.dndStatus !== undefined) state.dndStatus = event.dndStatus;
  return state;
}

function applyToAgent(state: AgentState, actuals: Actuals, event: DomainEvent, ctx: ApplyContext): ApplyResult {
  const unchanged = (note: string): ApplyResult => ({ state, actuals, notes: [note] });
  switch (event.type) {
    case "call.updated": {
      const r = applyCallUpdate(state, event);
      return { state: r.state, actuals, notes: [r.note] };
    }
    case "presence.changed": {
      const repaired =
        event.telephonyStatus === "NoCall" ? endCallsBefore(state, event.at) : { state, notes: [] as string[] };
      const observed = presenceState(event);
      if (observed.userStatus === undefined && observed.dndStatus === undefined) {
        return { state: repaired.state, actuals, notes: [...repaired.notes, "presence without user or DND status"] };
      }
      const observation = {
        platform: "ringcentral" as const,
        state: observed,
        at: event.at,
        source: "webhook" as const,
      };
      const r = applyObservation(
        repaired.state,
        actuals,
        event.sequence === undefined ? observation : { ...observation, sequence: event.sequence },
        ctx,
      );
      return { ...r, notes: [...repaired.notes, ...r.notes] };
    }
    case "agent.routing_status_changed":
      // `offline` for human agents is UNCONFIRMED (docs: "for bots only"); accepted and read as logged out.
      return applyObservation(
        state,
        actuals,
        { platform: "livechat", state: { routingStatus: event.status }, at: event.at, source: "webhook" },
        ctx,
      );
    case "agent.availability_changed":
      // Chatwoot has no availability webhook: this event comes from our polling of GET /agents.
      return applyObservation(
        state,
        actuals,
        { platform: "chatwoot", state: { availability: event.status }, at: event.at, source: "poll" },
        ctx,
      );
    case "chat.started": {
      const here = event.agentIds.length === 0 ? true : assignedHere(ctx, event.platform, event.agentIds);
      if (here === false) return unchanged(`chat ${event.platform}/${event.chatId}: started for other agents`);
      const r = startChat(state, { platform: event.platform, id: event.chatId, at: event.at });
      return { state: r.state, actuals, notes: [r.note] };
    }
    case "chat.ended": {
      const r = endChat(state, { platform: event.platform, id: event.chatId, at: event.at });
      return { state: r.state, actuals, notes: [r.note] };
    }
    case "chat.assigned": {
      const here = assignedHere(ctx, event.platform, event.agentIds);
      if (here === undefined)
        return unchanged(`chat ${event.platform}/${event.chatId}: assignment unreadable without identities`);
      const ref = { platform: event.platform, id: event.chatId, at: event.at };
      const r = here ? startChat(state, ref) : endChat(state, ref);
      return { state: r.state, actuals, notes: [r.note] };
    }
    case "conversation.status_changed": {
      // Only an open conversation is being worked by its assignee; pending is the bot's, snoozed waits for later.
      const ref = { platform: event.platform, id: event.chatId, at: event.at };
      const r = event.status === "open" ? startChat(state, ref) : endChat(state, ref);
      return { state: r.state, actuals, notes: [r.note] };
    }
    case "chat.message":
    case "customer.updated":
      return unchanged(`${event.type}: no availability effect`);
  }
}

/**
 * One event, already resolved to this agent, applied to its state and its platforms' actual states. Pure: the
 * caller persists the result, then runs desired() and reconcile(). Old tombstones are pruned on the way.
 */
export function applyEvent(state: AgentState, actuals: Actuals, event: DomainEvent, ctx: ApplyContext): ApplyResult {
  const result = applyToAgent(rememberCommands(state, ctx.recentCommands), actuals, event, ctx);
  return { ...result, state: pruneTombstones(result.state, ctx.nowMs) };
}
