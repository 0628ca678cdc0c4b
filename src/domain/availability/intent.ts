import type { PlatformId } from "../platform.ts";
import { toMs } from "./canonical.ts";
import type { AgentState, Intent, IntentChange, IntentStatus, ObservedStates } from "./types.ts";

/**
 * What a person meant by putting a platform in this state. RingCentral's menu offers Available, Busy,
 * Do not Disturb (DoNotAcceptAnyCalls) and Invisible (Offline); turning off queue calls alone
 * (DoNotAcceptDepartmentCalls while staying Available) is read as stepping away from the queues, but only
 * when that is the only thing that changed, because choosing "Available" may leave an earlier DND setting
 * in place. A RingCentral report with neither half known says nothing.
 */
export function intentFromObserved<P extends PlatformId>(
  platform: P,
  state: ObservedStates[P],
  previous?: ObservedStates[P],
): IntentStatus | undefined {
  switch (platform) {
    case "livechat": {
      const routing = (state as ObservedStates["livechat"]).routingStatus;
      return routing === "accepting_chats" ? "available" : routing === "offline" ? "offline" : "away";
    }
    case "chatwoot": {
      const availability = (state as ObservedStates["chatwoot"]).availability;
      return availability === "online" ? "available" : availability === "busy" ? "away" : "offline";
    }
    default: {
      const { userStatus, dndStatus } = state as ObservedStates["ringcentral"];
      const before = previous as ObservedStates["ringcentral"] | undefined;
      if (userStatus === "Offline") return "offline";
      if (dndStatus === "DoNotAcceptAnyCalls" || userStatus === "Busy") return "away";
      const onlyDndChanged = before !== undefined && before.userStatus === userStatus;
      if (dndStatus === "DoNotAcceptDepartmentCalls" && (userStatus === undefined || onlyDndChanged)) return "away";
      if (userStatus === "Available") return "available";
      return dndStatus === undefined ? undefined : "available";
    }
  }
}

/**
 * Last writer wins on the intent's time: a person's newest expressed choice, wherever it was made.
 * Same-status updates still move `at` and `source` forward (so an older report cannot undo them) but are
 * not a change.
 */
export function setIntent(state: AgentState, intent: Intent): { state: AgentState; intentChange?: IntentChange } {
  if (toMs(intent.at) < toMs(state.intent.at)) return { state };
  const next = { ...state, intent };
  if (intent.status === state.intent.status) return { state: next };
  return {
    state: next,
    intentChange: { from: state.intent.status, to: intent.status, source: intent.source, at: intent.at },
  };
}
