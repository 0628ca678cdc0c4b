import {
  type AgentState,
  acceptsChats,
  availabilityFacts,
  DEFAULT_POLICY,
  type Policy,
} from "../domain/availability/index.ts";

export type RoutingStrategy = "round_robin" | "least_loaded" | "sticky";

/** Why an agent was not eligible; `eligible` for those that were. */
export type ExclusionReason =
  | "eligible"
  | "deleted"
  | "not_in_group"
  | "chat_disabled"
  | "offline"
  | "away"
  | "on_call"
  | "at_capacity"
  | "max_chats";

/** One agent as routing sees it: the availability engine's state (every channel) plus the chat settings. */
export type RoutingCandidate = {
  agentId: string;
  deleted: boolean;
  inGroup: boolean;
  chatEnabled: boolean;
  maxChats: number;
  state: AgentState;
  policy?: Policy;
};

export type RoutingInput = {
  strategy: RoutingStrategy;
  candidates: readonly RoutingCandidate[];
  /** round_robin: the agent chosen last in this group; the rotation continues after them. */
  rotationCursor?: string | null;
  /** sticky: the agent who last chatted with this visitor. */
  previousAgentId?: string | null;
  /** Agents that already missed an offer for this conversation: skipped (explained as such). */
  skip?: readonly string[];
};

export type CandidateVerdict = {
  agentId: string;
  eligible: boolean;
  reason: ExclusionReason | "missed_offer";
  load: number;
  capacity: number;
  builtinChats: number;
};

export type RoutingDecision = {
  strategy: RoutingStrategy;
  chosenAgentId: string | null;
  why: string;
  candidates: CandidateVerdict[];
};

const builtinChats = (state: AgentState) =>
  state.engagements.filter((e) => e.kind === "chat" && e.platform === "builtin").length;

/** The first reason that excludes the agent, in the order a person would check them. */
export function exclusion(c: RoutingCandidate): ExclusionReason {
  const policy = c.policy ?? DEFAULT_POLICY;
  if (c.deleted) return "deleted";
  if (!c.inGroup) return "not_in_group";
  if (!c.chatEnabled) return "chat_disabled";
  if (c.state.intent.status === "offline") return "offline";
  if (c.state.intent.status === "away") return "away";
  const facts = availabilityFacts(c.state, policy);
  if (facts.onCall) return "on_call";
  // Every channel counts: LiveChat, Chatwoot and built-in chats and calls, each at its cost.
  if (!facts.roomForChat || !acceptsChats(c.state, policy)) return "at_capacity";
  if (builtinChats(c.state) >= c.maxChats) return "max_chats";
  return "eligible";
}

const remaining = (v: CandidateVerdict) => v.capacity - v.load;
const byId = (a: { agentId: string }, b: { agentId: string }) =>
  a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;

function leastLoaded(eligible: CandidateVerdict[]): CandidateVerdict | undefined {
  return [...eligible].sort((a, b) => remaining(b) - remaining(a) || a.builtinChats - b.builtinChats || byId(a, b))[0];
}

/**
 * Whom to give a queued chat to, and why. Pure: the same input gives the same decision, and every candidate
 * carries its verdict, so the decision can be stored and explained later.
 */
export function decideRouting(input: RoutingInput): RoutingDecision {
  const skip = new Set(input.skip ?? []);
  const candidates: CandidateVerdict[] = [...input.candidates].sort(byId).map((c) => {
    const reason = exclusion(c);
    const missed = reason === "eligible" && skip.has(c.agentId);
    return {
      agentId: c.agentId,
      eligible: reason === "eligible" && !missed,
      reason: missed ? "missed_offer" : reason,
      load: availabilityFacts(c.state, c.policy ?? DEFAULT_POLICY).load,
      capacity: c.state.capacity,
      builtinChats: builtinChats(c.state),
    };
  });
  const eligible = candidates.filter((c) => c.eligible);
  const base = { strategy: input.strategy, candidates };
  if (eligible.length === 0)
    return { ...base, chosenAgentId: null, why: "no eligible agent: the chat waits in the queue" };
  switch (input.strategy) {
    case "round_robin": {
      const cursor = input.rotationCursor ?? "";
      const next = eligible.find((c) => c.agentId > cursor) ?? eligible[0];
      return {
        ...base,
        chosenAgentId: next?.agentId ?? null,
        why: cursor
          ? `round robin: next eligible agent after ${cursor} in the group's rotation`
          : "round robin: first eligible agent of the rotation",
      };
    }
    case "least_loaded": {
      const pick = leastLoaded(eligible);
      return {
        ...base,
        chosenAgentId: pick?.agentId ?? null,
        why: `least loaded: most remaining capacity (${pick ? remaining(pick) : 0})`,
      };
    }
    case "sticky": {
      const previous = eligible.find((c) => c.agentId === input.previousAgentId);
      if (previous) return { ...base, chosenAgentId: previous.agentId, why: "sticky: the visitor's previous agent" };
      const pick = leastLoaded(eligible);
      return {
        ...base,
        chosenAgentId: pick?.agentId ?? null,
        why: input.previousAgentId
          ? `sticky: previous agent ${input.previousAgentId} not eligible, so least loaded`
          : "sticky: no previous agent, so least loaded",
      };
    }
  }
}
