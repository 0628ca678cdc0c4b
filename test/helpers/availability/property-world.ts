/**
 * A small simulated world for the property test (test support, not production code): the truth (what the
 * agent really chose and is really doing), three platforms as tiny state machines that apply target-state
 * commands and emit their own events, and a delivery channel that drops, duplicates and reorders.
 */

import { toIso } from "../../../src/domain/availability/canonical.ts";
import { callPhase } from "../../../src/domain/availability/capacity.ts";
import { initialAgentState } from "../../../src/domain/availability/policy.ts";
import type {
  AgentState,
  ChatwootAvailability,
  CommandSpec,
  IntentStatus,
  ObservedStates,
  PhonePresence,
  PlatformObservation,
} from "../../../src/domain/availability/types.ts";
import type { DomainEvent, TelephonyStatus } from "../../../src/domain/events.ts";
import type { PlatformId } from "../../../src/domain/platform.ts";

export type LiveChatState = "accepting_chats" | "not_accepting_chats" | "offline";
export type Platforms = { livechat: LiveChatState; chatwoot: ChatwootAvailability; ringcentral: PhonePresence };

type TruthCall = { partyId: string; status: TelephonyStatus; sequence: number };
export type Truth = {
  intent: IntentStatus;
  calls: Map<string, TruthCall>;
  chats: Map<string, { platform: "livechat" | "chatwoot"; id: string }>;
};

/** Something on its way to us; `droppable` marks what may be lost (a person's change is retried, so it is not). */
export type InFlight = (
  | { kind: "event"; event: DomainEvent }
  | { kind: "observation"; observation: PlatformObservation }
) & {
  droppable: boolean;
  /** World time when it was sent; nothing stays in flight longer than MAX_DELAY_MS. */
  sentAt?: number;
};

/**
 * Platforms retry or give up within minutes; the engine replays reports within REPLAY_HORIZON_MS (10 min) of
 * the newest one, so deliveries later than that are outside what it promises to reorder.
 */
export const MAX_DELAY_MS = 5 * 60_000;

/** Deterministic randomness for what the generator does not choose directly (echo faults, final order). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export type World = {
  clock: number;
  truth: Truth;
  platforms: Platforms;
  rcSequence: number;
  inflight: InFlight[];
  random: () => number;
  /** No confirmation is ever lost (the sanity run). */
  lossless: boolean;
};

export function newWorld(startMs: number, seed: number, lossless = false): World {
  return {
    clock: startMs,
    truth: { intent: "available", calls: new Map(), chats: new Map() },
    platforms: {
      livechat: "accepting_chats",
      chatwoot: "online",
      ringcentral: { userStatus: "Available", dndStatus: "TakeAllCalls" },
    },
    rcSequence: 1,
    inflight: [],
    random: prng(seed),
    lossless,
  };
}

/** Fault 0-1: lost (when a platform may lose it), 2: delivered twice, otherwise once. */
export function emit(world: World, event: DomainEvent, droppable: boolean, fault: number): void {
  send(world, { kind: "event", event, droppable }, fault);
}

export function send(world: World, item: InFlight, fault: number): void {
  if (item.droppable && fault <= 1) return;
  const stamped = { ...item, sentAt: world.clock };
  world.inflight.push(stamped);
  if (fault === 2) world.inflight.push(stamped);
}

/** A poll of one platform's current state, as the periodic reconciliation reads it. */
export function pollOf(world: World, platform: PlatformId): PlatformObservation {
  const at = toIso(world.clock);
  switch (platform) {
    case "livechat":
      return { platform, state: { routingStatus: world.platforms.livechat }, at, source: "poll" };
    case "chatwoot":
      return { platform, state: { availability: world.platforms.chatwoot }, at, source: "poll" };
    case "ringcentral":
      return { platform, state: { ...world.platforms.ringcentral }, at, source: "poll" };
  }
}

/** RingCentral re-sends the whole presence on every call change, userStatus and DND included. */
export function presenceNow(world: World, telephonyStatus?: string): DomainEvent {
  world.rcSequence += 1;
  const { userStatus, dndStatus } = world.platforms.ringcentral;
  const event: DomainEvent = {
    type: "presence.changed",
    platform: "ringcentral",
    extensionId: "101",
    userStatus,
    dndStatus,
    sequence: world.rcSequence,
    at: toIso(world.clock),
  };
  return telephonyStatus === undefined ? event : { ...event, telephonyStatus };
}

export function livechatEvent(world: World): DomainEvent {
  const status = world.platforms.livechat;
  return {
    type: "agent.routing_status_changed",
    platform: "livechat",
    agentId: "a@example.com",
    status,
    at: toIso(world.clock),
  };
}

export function chatwootEvent(world: World): DomainEvent {
  const status = world.platforms.chatwoot;
  return { type: "agent.availability_changed", platform: "chatwoot", agentId: "7", status, at: toIso(world.clock) };
}

/** A platform applying one command: a set, so applying it twice is the same as once. */
export function applyCommand(platforms: Platforms, command: CommandSpec): Platforms {
  switch (command.platform) {
    case "livechat":
      return { ...platforms, livechat: command.target.routingStatus };
    case "chatwoot":
      return { ...platforms, chatwoot: command.target.availability };
    case "ringcentral":
      return { ...platforms, ringcentral: { ...command.target } };
  }
}

/** Executes a command in the world; the platform confirms a real change by its own event, which may be lost. */
export function execute(world: World, command: CommandSpec): void {
  const before = JSON.stringify(world.platforms);
  world.platforms = applyCommand(world.platforms, command);
  if (JSON.stringify(world.platforms) === before) return;
  const fault = world.lossless ? 9 : Math.floor(world.random() * 10);
  const echo =
    command.platform === "livechat"
      ? livechatEvent(world)
      : command.platform === "chatwoot"
        ? chatwootEvent(world)
        : presenceNow(world);
  emit(world, echo, true, fault);
}

/** What the agent really is, as the engine's input type. */
export function truthState(world: World, chatCost: number): AgentState {
  const base = initialAgentState({ costs: { chat: chatCost } });
  const calls = [...world.truth.calls].map(([id, c]) => ({
    kind: "call" as const,
    platform: "ringcentral" as const,
    id,
    partyId: c.partyId,
    status: c.status,
    sequence: c.sequence,
    startedAt: toIso(world.clock),
    updatedAt: toIso(world.clock),
  }));
  const chats = [...world.truth.chats.values()].map((c) => ({
    kind: "chat" as const,
    ...c,
    startedAt: toIso(world.clock),
  }));
  return {
    ...base,
    intent: { status: world.truth.intent, source: "default", at: toIso(world.clock) },
    engagements: [...calls, ...chats],
  };
}

const presenceStatusOf = (status: TelephonyStatus) =>
  callPhase(status) === "ringing"
    ? ("Ringing" as const)
    : status === "Hold"
      ? ("OnHold" as const)
      : status === "Parked"
        ? ("ParkedCall" as const)
        : ("CallConnected" as const);

/** What RingCentral's presence lists as active calls right now (for the final repair). */
export function observedCalls(world: World) {
  return [...world.truth.calls]
    .filter(([, c]) => callPhase(c.status) !== "ended")
    .map(([id, c]) => ({
      telephonySessionId: id,
      partyId: c.partyId,
      telephonyStatus: presenceStatusOf(c.status),
    }));
}

/** The platforms as the engine would observe them. */
export const observedStates = (world: World): ObservedStates => ({
  livechat: { routingStatus: world.platforms.livechat },
  chatwoot: { availability: world.platforms.chatwoot },
  ringcentral: world.platforms.ringcentral,
});
