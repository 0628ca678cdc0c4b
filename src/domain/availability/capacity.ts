import type { TelephonyStatus } from "../events.ts";
import { DEFAULT_POLICY } from "./policy.ts";
import type { AgentState, CallEngagement, ChatEngagement, Policy } from "./types.ts";

export type CallPhase = "ringing" | "connected" | "ended";

/**
 * Setup/Proceeding ring; Answered/Hold/Parked keep the agent responsible for a caller. Everything else means
 * the agent's party is no longer on the call: VoiceMail/FaxReceive/VoiceMailScreening hand the caller to a
 * machine, Disconnected/Gone end it.
 */
export function callPhase(status: TelephonyStatus): CallPhase {
  switch (status) {
    case "Setup":
    case "Proceeding":
      return "ringing";
    case "Answered":
    case "Hold":
    case "Parked":
      return "connected";
    case "Disconnected":
    case "Gone":
    case "VoiceMail":
    case "FaxReceive":
    case "VoiceMailScreening":
      return "ended";
  }
}

export const calls = (state: AgentState): CallEngagement[] =>
  state.engagements.filter((e): e is CallEngagement => e.kind === "call");

export const chats = (state: AgentState): ChatEngagement[] =>
  state.engagements.filter((e): e is ChatEngagement => e.kind === "chat");

/** A ringing call only occupies the agent when policy pauses chats while ringing. */
export function occupyingCalls(state: AgentState, policy: Policy): CallEngagement[] {
  return calls(state).filter((call) => {
    const phase = callPhase(call.status);
    return phase === "connected" || (phase === "ringing" && policy.pauseChatsWhileRinging);
  });
}

/** Used capacity (for the dashboard and routing): occupying calls plus chats, at the agent's own costs. */
export function load(state: AgentState, policy: Policy = DEFAULT_POLICY): number {
  return occupyingCalls(state, policy).length * state.costs.call + chats(state).length * state.costs.chat;
}

export type AvailabilityFacts = {
  onCall: boolean;
  chatCount: number;
  load: number;
  /** Another chat fits in the remaining capacity. */
  roomForChat: boolean;
  /** Chat platforms must not offer new chats (intent aside). */
  chatsPaused: boolean;
  /** The phone should show the busy-with-chats presence (intent aside). */
  phoneBusyForChats: boolean;
};

export function availabilityFacts(state: AgentState, policy: Policy = DEFAULT_POLICY): AvailabilityFacts {
  const onCall = occupyingCalls(state, policy).length > 0;
  const chatCount = chats(state).length;
  const used = load(state, policy);
  const roomForChat = used < state.capacity && state.capacity - used >= state.costs.chat;
  const chatLoad = chatCount * state.costs.chat;
  const chatsFull = chatLoad >= state.capacity || state.capacity - chatLoad < state.costs.chat;
  const phoneBusyForChats = policy.phoneBusyWhen === "any_chat" ? chatCount > 0 : chatCount > 0 && chatsFull;
  return { onCall, chatCount, load: used, roomForChat, chatsPaused: onCall || !roomForChat, phoneBusyForChats };
}

/** For the built-in chat engine, which routes by itself: may this agent be offered one more chat now? */
export function acceptsChats(state: AgentState, policy: Policy = DEFAULT_POLICY): boolean {
  return state.intent.status === "available" && !availabilityFacts(state, policy).chatsPaused;
}

export type AgentStatus = "available" | "on_call" | "busy_with_chats" | "at_capacity" | "away" | "offline";

export type AgentSummary = {
  status: AgentStatus;
  load: number;
  capacity: number;
  activeCalls: number;
  activeChats: number;
  acceptingChats: boolean;
};

/** One word for the dashboard; intent first, because Switchboard never overrides it. */
export function summarize(state: AgentState, policy: Policy = DEFAULT_POLICY): AgentSummary {
  const facts = availabilityFacts(state, policy);
  const status: AgentStatus =
    state.intent.status !== "available"
      ? state.intent.status
      : facts.onCall
        ? "on_call"
        : !facts.roomForChat
          ? "at_capacity"
          : facts.chatCount > 0
            ? "busy_with_chats"
            : "available";
  return {
    status,
    load: facts.load,
    capacity: state.capacity,
    activeCalls: calls(state).length,
    activeChats: facts.chatCount,
    acceptingChats: acceptsChats(state, policy),
  };
}
