import type { PlatformId } from "../platform.ts";
import { availabilityFacts } from "./capacity.ts";
import type { AgentState, Desired, PhonePresence, Policy } from "./types.ts";

const PHONE_AVAILABLE: PhonePresence = { userStatus: "Available", dndStatus: "TakeAllCalls" };

/** RingCentral presence from intent, then calls, then chats. */
function phoneTarget(state: AgentState, policy: Policy): PhonePresence {
  if (state.intent.status === "offline") return policy.phoneWhenOffline;
  if (state.intent.status === "away") return policy.phoneWhenAway;
  const facts = availabilityFacts(state, policy);
  if (facts.onCall && policy.setPhoneBusyDuringCalls) return policy.phoneWhenBusyWithChats;
  if (facts.phoneBusyForChats) return policy.phoneWhenBusyWithChats;
  return PHONE_AVAILABLE;
}

/**
 * Each platform's target for this agent, only for the platforms the agent has an identity on.
 * Intent away/offline always wins (nothing here can turn a person available who chose otherwise); with an
 * available intent, calls and load pause chats and chats make the phone busy. Nothing depends on the order or
 * the history of events: the same state always yields the same targets, which is what makes ends safe (a
 * chat ending during a call still leaves the call, an away intent still holds after the call).
 */
export function desired(state: AgentState, policy: Policy, platforms: readonly PlatformId[]): Desired {
  const intent = state.intent.status;
  const paused = intent !== "available" || availabilityFacts(state, policy).chatsPaused;
  const out: Desired = {};
  for (const platform of platforms) {
    switch (platform) {
      case "livechat":
        // LiveChat agents cannot be set offline (only bots can), so offline is expressed as not accepting.
        out.livechat = { routingStatus: paused ? "not_accepting_chats" : "accepting_chats" };
        break;
      case "chatwoot":
        out.chatwoot = { availability: intent === "offline" ? "offline" : paused ? "busy" : "online" };
        break;
      case "ringcentral":
        out.ringcentral = { ...phoneTarget(state, policy) };
        break;
      default:
        platform satisfies never;
    }
  }
  return out;
}
