import type { IntentStatus } from "../domain/availability/index.ts";
import type { PlatformId } from "../domain/platform.ts";

/**
 * The vocabulary of a scripted day: what people do on the platforms, in simulated milliseconds from the start
 * of the day. Chats and calls are named by script-local ids ("c12", "k3"); the driver maps them to the ids the
 * sandboxes hand out. Agents are indexes into the demo team (sim/shared/demo-team.ts).
 */
export type ChatPlatform = "livechat" | "chatwoot";
export type Customer = { name: string; email: string; phone: string };

export type DayAction =
  | {
      at: number;
      kind: "chat.start";
      agent: number;
      chat: string;
      platform: ChatPlatform;
      customer: Customer;
      text: string;
    }
  | { at: number; kind: "chat.message"; agent: number; chat: string; from: "customer" | "agent"; text: string }
  | { at: number; kind: "chat.end"; agent: number; chat: string; by: "agent" | "customer" }
  | {
      at: number;
      kind: "call.start";
      agent: number;
      call: string;
      direction: "Inbound" | "Outbound";
      customer: Customer;
      /** Inbound calls ring until `call.answer`; outbound ones are connected when the customer picks up. */
      ringing: boolean;
    }
  | { at: number; kind: "call.answer" | "call.hold" | "call.unhold"; agent: number; call: string }
  | { at: number; kind: "call.end"; agent: number; call: string; by: "agent" | "remote" }
  | { at: number; kind: "status"; agent: number; platform: PlatformId; intent: IntentStatus };

export type DayActionKind = DayAction["kind"];

export type DayScript = {
  seed: number;
  /** Simulated length of the day, including the wrap-up at its end. */
  durationMs: number;
  agents: number;
  actions: DayAction[];
};

/** The script-local id an action is about, used to keep one chat's or call's actions in order. */
export function subjectOf(action: DayAction): string {
  switch (action.kind) {
    case "chat.start":
    case "chat.message":
    case "chat.end":
      return action.chat;
    case "call.start":
    case "call.answer":
    case "call.hold":
    case "call.unhold":
    case "call.end":
      return action.call;
    case "status":
      return `agent:${action.agent}`;
  }
}
