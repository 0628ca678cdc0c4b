import type { TelephonyStatus } from "../events.ts";
import type { PlatformId } from "../platform.ts";

/**
 * The availability engine's vocabulary. Everything here is plain JSON so the lead can persist AgentState and
 * Actuals as they are (schemas.ts parses them back). Times are ISO-8601 strings; durations and "now" are ms.
 */

export type IntentStatus = "available" | "away" | "offline";
export type IntentSource = PlatformId | "switchboard" | "default";
export type Intent = { status: IntentStatus; source: IntentSource; at: string };

/** Where a chat lives: the two chat platforms plus Switchboard's own widget. */
export type ChatChannel = "livechat" | "chatwoot" | "builtin";

export type CallEngagement = {
  kind: "call";
  platform: "ringcentral";
  /** telephonySessionId */
  id: string;
  partyId: string;
  status: TelephonyStatus;
  sequence: number;
  startedAt: string;
  updatedAt: string;
};

export type ChatEngagement = { kind: "chat"; platform: ChatChannel; id: string; startedAt: string };

export type Engagement = CallEngagement | ChatEngagement;

/**
 * A finished engagement, remembered for a while so that a late or redelivered event (lower sequence, older
 * time) cannot bring it back. `sequence` is the last call sequence we knew; chats have none.
 */
export type Tombstone = {
  kind: "call" | "chat";
  platform: "ringcentral" | ChatChannel;
  id: string;
  partyId?: string;
  sequence?: number;
  at: string;
};

export type Costs = { call: number; chat: number };

/**
 * The intent known without the platforms' observation logs: the default, a choice made in Switchboard, or
 * what the logs said about reports that have since aged out of them. Reports newer than `asOf` are replayed
 * on top of it, so a late report can still change an earlier reading.
 */
export type IntentBase = { intent: Intent; asOf: string };

export type AgentState = {
  /** The effective intent: intentBase replayed with the platforms' recent reports. */
  intent: Intent;
  intentBase?: IntentBase;
  engagements: Engagement[];
  capacity: number;
  costs: Costs;
  /** Recently ended engagements (bounded); absent means none. */
  ended?: Tombstone[];
  /** Commands the engine has been shown (bounded per platform), for re-reading reports later. */
  commandMemory?: IssuedCommand[];
};

export type UserStatus = "Available" | "Busy" | "Offline";
export type DndStatus =
  | "TakeAllCalls"
  | "DoNotAcceptDepartmentCalls"
  | "TakeDepartmentCallsOnly"
  | "DoNotAcceptAnyCalls";
export type PhonePresence = { userStatus: UserStatus; dndStatus: DndStatus };

export type Policy = {
  /** What "busy" means on the phone while the agent works chats (and during calls, see below). */
  phoneWhenBusyWithChats: PhonePresence;
  /** any_chat: one chat is enough; chats_at_capacity: only once the chats leave no room for another chat. */
  phoneBusyWhen: "any_chat" | "chats_at_capacity";
  /** Setup/Proceeding (ringing) already pauses chats, so a customer is not offered to someone about to talk. */
  pauseChatsWhileRinging: boolean;
  /** Off by default: RingCentral already routes around an agent on a call. On: phoneWhenBusyWithChats. */
  setPhoneBusyDuringCalls: boolean;
  phoneWhenAway: PhonePresence;
  phoneWhenOffline: PhonePresence;
};

export type RoutingStatus = "accepting_chats" | "not_accepting_chats";
export type ChatwootAvailability = "online" | "busy" | "offline";

export type LiveChatTarget = { routingStatus: RoutingStatus };
export type ChatwootTarget = { availability: ChatwootAvailability };
export type RingCentralTarget = PhonePresence;

export type PlatformTargets = { livechat: LiveChatTarget; chatwoot: ChatwootTarget; ringcentral: RingCentralTarget };
export type PlatformTarget = PlatformTargets[PlatformId];
export type Desired = { [P in PlatformId]?: PlatformTargets[P] };

/** What a platform can report: LiveChat also knows `offline` (logged out); RingCentral may report one half. */
export type LiveChatObserved = { routingStatus: RoutingStatus | "offline" };
export type ChatwootObserved = ChatwootTarget;
export type RingCentralObserved = { userStatus?: UserStatus; dndStatus?: DndStatus };
export type ObservedStates = {
  livechat: LiveChatObserved;
  chatwoot: ChatwootObserved;
  ringcentral: RingCentralObserved;
};
export type ObservedState = ObservedStates[PlatformId];

export type ObservationSource = "webhook" | "poll" | "command";
export type Observation<S> = {
  state: S;
  at: string;
  source: ObservationSource;
  sequence?: number;
  /** What the report said about the person, frozen once it is older than the replay horizon (null: nothing). */
  reading?: IntentStatus | null;
};

/**
 * The last known state of one platform (the newest observation) plus a short log of recent observations,
 * oldest first. The log lets a late event be judged against what the platform showed just before it.
 */
export type ActualState<S> = Observation<S> & { log?: Observation<S>[] };
export type Actuals = { [P in PlatformId]?: ActualState<ObservedStates[P]> };

/** One observation of one platform, as fed to applyObservation (webhook, poll or command result). */
export type PlatformObservation = {
  [P in PlatformId]: Observation<ObservedStates[P]> & { platform: P };
}[PlatformId];

export type CommandKind = "livechat.set_routing_status" | "chatwoot.set_availability" | "ringcentral.set_presence";

/** A target-state command: always the whole target, never a toggle. */
export type CommandSpec =
  | { platform: "livechat"; kind: "livechat.set_routing_status"; target: LiveChatTarget; idempotencyKey: string }
  | { platform: "chatwoot"; kind: "chatwoot.set_availability"; target: ChatwootTarget; idempotencyKey: string }
  | { platform: "ringcentral"; kind: "ringcentral.set_presence"; target: RingCentralTarget; idempotencyKey: string };

/** A platform together with a full target for it (the platform and target stay correlated). */
export type TargetFor = { [P in PlatformId]: { platform: P; target: PlatformTargets[P] } }[PlatformId];

/** A command we sent; issuedAtMs is the time of its latest send attempt (or creation while it waits). */
export type IssuedCommand = TargetFor & { issuedAtMs: number };

export type IntentChange = { from: IntentStatus; to: IntentStatus; source: IntentSource; at: string };

/** The agent's own ids per platform; applyEvent needs them to read chat assignments. */
export type AgentIdentities = { [C in PlatformId | "builtin"]?: string };

export type ApplyContext = {
  nowMs: number;
  /**
   * Commands sent (or waiting to be sent) to this agent's platforms, in issue order: at least every one of the
   * last echoWindowMs and every one still pending. The engine remembers what it is shown (commandMemory) and
   * reads recorded results from the logs, so older ones may be left out. issuedAtMs should be the time of the
   * latest send attempt, not of completion. Leave out dead-lettered commands: the platform never showed them.
   */
  recentCommands: readonly IssuedCommand[];
  echoWindowMs: number;
  /** Allowance for platform clocks against ours; defaults to DEFAULT_CLOCK_SKEW_MS. */
  clockSkewMs?: number;
  /** How long a report stays open to re-reading when late neighbours arrive; defaults to REPLAY_HORIZON_MS. */
  replayHorizonMs?: number;
  /** Needed to recognise our own busy-with-chats presence; defaults to DEFAULT_POLICY. */
  policy?: Policy;
  /** Needed to read chat.assigned (is this agent among the assignees?). */
  identities?: AgentIdentities;
};

export type ApplyResult = { state: AgentState; actuals: Actuals; intentChange?: IntentChange; notes: string[] };
