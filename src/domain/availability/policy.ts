import type { AgentState, Costs, Intent, Policy } from "./types.ts";

/** The defaults: capacity 100, a call costs all of it, a chat a fifth. */
export const DEFAULT_CAPACITY = 100;
export const DEFAULT_COSTS: Costs = { call: 100, chat: 20 };

/**
 * Busy with chats on the phone = userStatus Busy + DoNotAcceptDepartmentCalls: queue calls stop, direct calls
 * still ring. Away gets the same so a person who stepped away is not handed queue calls either; offline keeps
 * direct calls reachable (voicemail) for the same reason RingCentral's own "Offline" does.
 */
export const DEFAULT_POLICY: Policy = {
  phoneWhenBusyWithChats: { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" },
  phoneBusyWhen: "any_chat",
  pauseChatsWhileRinging: true,
  setPhoneBusyDuringCalls: false,
  phoneWhenAway: { userStatus: "Busy", dndStatus: "DoNotAcceptDepartmentCalls" },
  phoneWhenOffline: { userStatus: "Offline", dndStatus: "DoNotAcceptDepartmentCalls" },
};

/** The time before every real event: any intent a person expresses is newer than the default. */
export const EPOCH = "1970-01-01T00:00:00.000Z";

export const DEFAULT_INTENT: Intent = { status: "available", source: "default", at: EPOCH };

/** A new agent: available by default, idle, with the default capacity and costs unless overridden. */
export function initialAgentState(
  overrides: { capacity?: number; costs?: Partial<Costs>; intent?: Intent } = {},
): AgentState {
  const intent = overrides.intent ?? DEFAULT_INTENT;
  return {
    intent,
    intentBase: { intent, asOf: intent.at },
    engagements: [],
    capacity: overrides.capacity ?? DEFAULT_CAPACITY,
    costs: { ...DEFAULT_COSTS, ...overrides.costs },
    ended: [],
  };
}
