import {
  type Actuals,
  type AgentState,
  DEFAULT_POLICY,
  type Desired,
  desired,
  type Engagement,
  EPOCH,
  type IntentStatus,
  initialAgentState,
  type Policy,
  satisfies,
} from "../domain/availability/index.ts";
import type { PlatformId } from "../domain/platform.ts";
import type { ChatPlatform, DayAction } from "./day-script.ts";

/**
 * What really happened, as the people in the script did it: each agent's own intent, active chats and calls.
 * The hub never sees this; the bench compares what the platforms show with `desired()` of it.
 */
export type CallPhaseTruth = "ringing" | "connected" | "hold";
export type AgentTruth = {
  intent: IntentStatus;
  chats: Map<string, ChatPlatform>;
  calls: Map<string, CallPhaseTruth>;
};
export type Truth = AgentTruth[];

export const ALL_PLATFORMS: readonly PlatformId[] = ["livechat", "ringcentral", "chatwoot"];

export function initialTruth(agents: number): Truth {
  return Array.from({ length: agents }, () => ({ intent: "available", chats: new Map(), calls: new Map() }));
}

/** Applies one action that the sandbox accepted. */
export function applyToTruth(truth: Truth, action: DayAction): void {
  const agent = truth[action.agent];
  if (!agent) return;
  switch (action.kind) {
    case "chat.start":
      agent.chats.set(action.chat, action.platform);
      return;
    case "chat.end":
      agent.chats.delete(action.chat);
      return;
    case "chat.message":
      return;
    case "call.start":
      agent.calls.set(action.call, action.ringing ? "ringing" : "connected");
      return;
    case "call.answer":
    case "call.unhold":
      agent.calls.set(action.call, "connected");
      return;
    case "call.hold":
      agent.calls.set(action.call, "hold");
      return;
    case "call.end":
      agent.calls.delete(action.call);
      return;
    case "status":
      agent.intent = action.intent;
      return;
  }
}

const TELEPHONY: Record<CallPhaseTruth, "Proceeding" | "Answered" | "Hold"> = {
  ringing: "Proceeding",
  connected: "Answered",
  hold: "Hold",
};

/** The engine's own input built from the truth; times do not matter to desired(), so they are all the epoch. */
export function agentStateOf(agent: AgentTruth): AgentState {
  const engagements: Engagement[] = [
    ...[...agent.chats].map(([id, platform]): Engagement => ({ kind: "chat", platform, id, startedAt: EPOCH })),
    ...[...agent.calls].map(
      ([id, phase]): Engagement => ({
        kind: "call",
        platform: "ringcentral",
        id,
        partyId: `${id}-agent`,
        status: TELEPHONY[phase],
        sequence: 0,
        startedAt: EPOCH,
        updatedAt: EPOCH,
      }),
    ),
  ];
  return { ...initialAgentState({ intent: { status: agent.intent, source: "default", at: EPOCH } }), engagements };
}

export function desiredOf(agent: AgentTruth, policy: Policy = DEFAULT_POLICY): Desired {
  return desired(agentStateOf(agent), policy, ALL_PLATFORMS);
}

/** What the platforms show for one agent, in the engine's observed shapes (absent: the platform said nothing). */
export type Shown = { [P in PlatformId]?: NonNullable<Actuals[P]>["state"] };

/** Does this platform show what the truth wants? The engine's own rule (an offline LiveChat agent is not accepting). */
export function matches(platform: PlatformId, shown: Shown, want: Desired): boolean {
  switch (platform) {
    case "livechat":
      return want.livechat !== undefined && satisfies("livechat", shown.livechat, want.livechat);
    case "ringcentral":
      return want.ringcentral !== undefined && satisfies("ringcentral", shown.ringcentral, want.ringcentral);
    case "chatwoot":
      return want.chatwoot !== undefined && satisfies("chatwoot", shown.chatwoot, want.chatwoot);
  }
}
