/**
 * The steps of a property-test run (test support): each changes the truth and the platforms, and what the
 * platforms emit goes into flight; `deliver` hands one in-flight item to the engine loop.
 */

import { toIso } from "../../../src/domain/availability/canonical.ts";
import { setIntent } from "../../../src/domain/availability/intent.ts";
import type { ChatwootAvailability, IntentStatus, PhonePresence } from "../../../src/domain/availability/types.ts";
import type { DomainEvent, TelephonyStatus } from "../../../src/domain/events.ts";
import type { PlatformId } from "../../../src/domain/platform.ts";
import { feed, type Loop, observe, settle } from "./loop.ts";
import {
  chatwootEvent,
  emit,
  execute,
  type InFlight,
  type LiveChatState,
  livechatEvent,
  MAX_DELAY_MS,
  pollOf,
  presenceNow,
  send,
  type World,
} from "./property-world.ts";

export type RcChoice = "Available" | "Busy" | "Offline" | "DND";

export type Action =
  | { t: "callStart"; slot: number; fault: number }
  | { t: "callStep"; slot: number; to: "Proceeding" | "Answered" | "Hold" | "Parked"; fault: number }
  | { t: "callEnd"; slot: number; to: "Disconnected" | "Gone" | "VoiceMail"; fault: number }
  | { t: "chatStart"; platform: "livechat" | "chatwoot"; slot: number; fault: number }
  | { t: "chatEnd"; platform: "livechat" | "chatwoot"; slot: number; fault: number }
  | { t: "livechat"; value: LiveChatState; fault: number }
  | { t: "chatwoot"; value: ChatwootAvailability; fault: number }
  | { t: "ringcentral"; value: RcChoice; fault: number }
  | { t: "switchboard"; value: IntentStatus }
  | { t: "deliver"; pick: number; keep: boolean }
  | { t: "poll"; platform: PlatformId };

/** Slots name "the agent's n-th concurrent call/chat"; each new call or chat gets a fresh platform id. */
export type Slots = { calls: Array<string | undefined>; chats: Map<string, string>; counter: number };

export const newSlots = (): Slots => ({ calls: [], chats: new Map(), counter: 0 });

/** The RingCentral app's presence menu, read independently of the engine's mapping. */
function rcChoice(current: PhonePresence, choice: RcChoice): { next: PhonePresence; intent: IntentStatus } | undefined {
  switch (choice) {
    case "Available":
      return { next: { userStatus: "Available", dndStatus: "TakeAllCalls" }, intent: "available" };
    case "Busy":
      return { next: { ...current, userStatus: "Busy" }, intent: "away" };
    case "Offline":
      return { next: { ...current, userStatus: "Offline" }, intent: "offline" };
    case "DND":
      return current.userStatus === "Offline"
        ? undefined
        : { next: { ...current, dndStatus: "DoNotAcceptAnyCalls" }, intent: "away" };
  }
}

const LIVECHAT_INTENT: Record<LiveChatState, IntentStatus> = {
  accepting_chats: "available",
  not_accepting_chats: "away",
  offline: "offline",
};
const CHATWOOT_INTENT: Record<ChatwootAvailability, IntentStatus> = {
  online: "available",
  busy: "away",
  offline: "offline",
};

function callEvent(world: World, id: string, status: TelephonyStatus, sequence: number): DomainEvent {
  return {
    type: "call.updated",
    platform: "ringcentral",
    telephonySessionId: id,
    partyId: `${id}-p`,
    direction: "Inbound",
    status,
    sequence,
    at: toIso(world.clock),
  };
}

const presenceFault = (world: World): number => (world.lossless ? 9 : Math.floor(world.random() * 10));

export function deliver(world: World, loop: Loop, item: InFlight): void {
  // Processing takes time: two deliveries (and the commands they cause) never share a millisecond.
  world.clock += 1;
  const run = (c: Parameters<typeof execute>[1]) => execute(world, c);
  if (item.kind === "event") feed(loop, item.event, world.clock, run);
  else observe(loop, item.observation, world.clock, run);
}

/** What has been in flight for MAX_DELAY_MS arrives now (oldest first), or is lost if a platform may lose it. */
export function deliverOverdue(world: World, loop: Loop): void {
  for (;;) {
    const overdue = world.inflight
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => world.clock - (item.sentAt ?? world.clock) >= MAX_DELAY_MS)
      .sort((a, b) => (a.item.sentAt ?? 0) - (b.item.sentAt ?? 0))[0];
    if (!overdue) return;
    world.inflight.splice(overdue.index, 1);
    if (!overdue.item.droppable || world.random() < 0.5) deliver(world, loop, overdue.item);
  }
}

export function act(world: World, loop: Loop, slots: Slots, action: Action): void {
  const { truth, platforms } = world;
  switch (action.t) {
    case "callStart": {
      if (slots.calls[action.slot] !== undefined) return;
      slots.counter += 1;
      const id = `s${slots.counter}`;
      slots.calls[action.slot] = id;
      truth.calls.set(id, { partyId: `${id}-p`, status: "Setup", sequence: 1 });
      emit(world, callEvent(world, id, "Setup", 1), true, action.fault);
      emit(world, presenceNow(world, "Ringing"), true, presenceFault(world));
      return;
    }
    case "callStep":
    case "callEnd": {
      const id = slots.calls[action.slot];
      const call = id === undefined ? undefined : truth.calls.get(id);
      if (id === undefined || !call) return;
      const sequence = call.sequence + 1;
      if (action.t === "callEnd") {
        truth.calls.delete(id);
        slots.calls[action.slot] = undefined;
      } else truth.calls.set(id, { ...call, status: action.to, sequence });
      emit(world, callEvent(world, id, action.to, sequence), true, action.fault);
      const telephony = truth.calls.size === 0 ? "NoCall" : action.to === "Hold" ? "OnHold" : "CallConnected";
      emit(world, presenceNow(world, telephony), true, presenceFault(world));
      return;
    }
    case "chatStart": {
      const key = `${action.platform}:${action.slot}`;
      if (slots.chats.has(key)) return;
      slots.counter += 1;
      const id = `c${slots.counter}`;
      slots.chats.set(key, id);
      truth.chats.set(`${action.platform}:${id}`, { platform: action.platform, id });
      const event: DomainEvent = {
        type: "chat.started",
        platform: action.platform,
        chatId: id,
        agentIds: [action.platform === "livechat" ? "a@example.com" : "7"],
        customer: {},
        messages: [],
        at: toIso(world.clock),
      };
      emit(world, event, true, action.fault);
      return;
    }
    case "chatEnd": {
      const key = `${action.platform}:${action.slot}`;
      const id = slots.chats.get(key);
      if (id === undefined) return;
      slots.chats.delete(key);
      truth.chats.delete(`${action.platform}:${id}`);
      emit(
        world,
        { type: "chat.ended", platform: action.platform, chatId: id, at: toIso(world.clock) },
        true,
        action.fault,
      );
      return;
    }
    case "livechat": {
      if (platforms.livechat === action.value) return;
      platforms.livechat = action.value;
      truth.intent = LIVECHAT_INTENT[action.value];
      emit(world, livechatEvent(world), false, action.fault);
      return;
    }
    case "chatwoot": {
      if (platforms.chatwoot === action.value) return;
      platforms.chatwoot = action.value;
      truth.intent = CHATWOOT_INTENT[action.value];
      emit(world, chatwootEvent(world), false, action.fault);
      return;
    }
    case "ringcentral": {
      const choice = rcChoice(platforms.ringcentral, action.value);
      if (!choice || JSON.stringify(choice.next) === JSON.stringify(platforms.ringcentral)) return;
      platforms.ringcentral = choice.next;
      truth.intent = choice.intent;
      emit(world, presenceNow(world), false, action.fault);
      return;
    }
    case "switchboard": {
      // Set in the dashboard: no webhook, the engine hears it directly.
      truth.intent = action.value;
      loop.state = setIntent(loop.state, { status: action.value, source: "switchboard", at: toIso(world.clock) }).state;
      settle(loop, world.clock, (c) => execute(world, c));
      return;
    }
    case "deliver": {
      const index = action.pick % Math.max(1, world.inflight.length);
      const item = world.inflight[index];
      if (!item) return;
      if (!action.keep) world.inflight.splice(index, 1);
      deliver(world, loop, item);
      return;
    }
    case "poll":
      send(world, { kind: "observation", observation: pollOf(world, action.platform), droppable: true }, 5);
      return;
  }
}
