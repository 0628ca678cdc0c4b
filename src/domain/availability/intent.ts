import type { PlatformId } from "../platform.ts";
import { toMs } from "./canonical.ts";
import type {
  AgentState,
  Intent,
  IntentBase,
  IntentChange,
  IntentStatus,
  ObservedState,
  ObservedStates,
} from "./types.ts";

/**
 * What a person meant by putting a platform in this state. RingCentral's menu offers Available, Busy,
 * Do not Disturb (DoNotAcceptAnyCalls) and Invisible (Offline); turning off queue calls alone
 * (DoNotAcceptDepartmentCalls while staying Available) is read as stepping away from the queues, but only
 * when that is the only thing that changed, because choosing "Available" may leave an earlier DND setting
 * in place. A RingCentral report with neither half known says nothing.
 */
export function intentFromObserved(
  platform: PlatformId,
  state: ObservedState,
  previous?: ObservedState,
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
    case "ringcentral": {
      const { userStatus, dndStatus } = state as ObservedStates["ringcentral"];
      const before = previous as ObservedStates["ringcentral"] | undefined;
      if (userStatus === "Offline") return "offline";
      if (dndStatus === "DoNotAcceptAnyCalls" || userStatus === "Busy") return "away";
      const onlyDndChanged = before !== undefined && before.userStatus === userStatus;
      if (dndStatus === "DoNotAcceptDepartmentCalls" && (userStatus === undefined || onlyDndChanged)) return "away";
      if (userStatus === "Available") return "available";
      return dndStatus === undefined ? undefined : "available";
    }
    default:
      return platform satisfies never;
  }
}

/** The base the platforms' reports are replayed on; states written before bases existed start from their intent. */
export const baseOf = (state: AgentState): IntentBase =>
  state.intentBase ?? { intent: state.intent, asOf: state.intent.at };

export function changeOf(before: Intent, after: Intent): IntentChange | undefined {
  if (before.status === after.status) return undefined;
  return { from: before.status, to: after.status, source: after.source, at: after.at };
}

/**
 * A choice made in Switchboard (API, dashboard). Last writer wins on time: it becomes the base that later
 * platform reports are replayed on, and the effective intent unless a platform reported something newer.
 * Same-status updates move the time forward silently.
 */
export function setIntent(state: AgentState, intent: Intent): { state: AgentState; intentChange?: IntentChange } {
  const atMs = toMs(intent.at);
  if (atMs < toMs(baseOf(state).asOf)) return { state };
  // Platform reports newer than this choice (already in the effective intent) still win.
  const effective = atMs >= toMs(state.intent.at) ? intent : state.intent;
  const next = { ...state, intent: effective, intentBase: { intent, asOf: intent.at } };
  const intentChange = changeOf(state.intent, effective);
  return intentChange ? { state: next, intentChange } : { state: next };
}
