/** Builders shared by this folder's tests (not production code): times, agents, events, contexts. */

import { toIso } from "../../../src/domain/availability/canonical.ts";
import { DEFAULT_POLICY, initialAgentState } from "../../../src/domain/availability/policy.ts";
import type {
  AgentState,
  ApplyContext,
  ChatChannel,
  IntentSource,
  IntentStatus,
  IssuedCommand,
  Policy,
} from "../../../src/domain/availability/types.ts";
import type { DomainEvent, TelephonyStatus } from "../../../src/domain/events.ts";
import type { PlatformId } from "../../../src/domain/platform.ts";

export const T0 = Date.parse("2026-01-01T09:00:00.000Z");
/** Seconds after T0, as ISO / as ms. */
export const t = (seconds: number): string => toIso(T0 + seconds * 1000);
export const ms = (seconds: number): number => T0 + seconds * 1000;
export const ALL: PlatformId[] = ["livechat", "chatwoot", "ringcentral"];
export const ECHO_WINDOW_MS = 30_000;

export function agent(
  opts: {
    intent?: IntentStatus;
    intentAt?: number;
    source?: IntentSource;
    calls?: Array<[string, TelephonyStatus]>;
    chats?: Array<[ChatChannel, string]>;
    capacity?: number;
    costs?: { call?: number; chat?: number };
  } = {},
): AgentState {
  const base = initialAgentState({
    ...(opts.capacity !== undefined ? { capacity: opts.capacity } : {}),
    costs: opts.costs ?? {},
  });
  const intent = {
    status: opts.intent ?? "available",
    source: opts.source ?? "default",
    at: t(opts.intentAt ?? -3600),
  };
  return {
    ...base,
    intent,
    intentBase: { intent, asOf: intent.at },
    engagements: [
      ...(opts.calls ?? []).map(([id, status], i) => ({
        kind: "call" as const,
        platform: "ringcentral" as const,
        id,
        partyId: `${id}-p`,
        status,
        sequence: i + 1,
        startedAt: t(0),
        updatedAt: t(0),
      })),
      ...(opts.chats ?? []).map(([platform, id]) => ({ kind: "chat" as const, platform, id, startedAt: t(0) })),
    ],
  };
}

export const call = (
  session: string,
  status: TelephonyStatus,
  sequence: number,
  seconds: number,
  partyId = `${session}-p`,
): DomainEvent => ({
  type: "call.updated",
  platform: "ringcentral",
  telephonySessionId: session,
  partyId,
  direction: "Inbound",
  status,
  sequence,
  at: t(seconds),
});

export const chatStarted = (platform: "livechat" | "chatwoot", id: string, seconds: number): DomainEvent => ({
  type: "chat.started",
  platform,
  chatId: id,
  agentIds: [],
  customer: {},
  messages: [],
  at: t(seconds),
});

export const chatEnded = (platform: "livechat" | "chatwoot", id: string, seconds: number): DomainEvent => ({
  type: "chat.ended",
  platform,
  chatId: id,
  at: t(seconds),
});

export const routing = (
  status: "accepting_chats" | "not_accepting_chats" | "offline",
  seconds: number,
): DomainEvent => ({
  type: "agent.routing_status_changed",
  platform: "livechat",
  agentId: "a@example.com",
  status,
  at: t(seconds),
});

export const cwAvailability = (status: "online" | "busy" | "offline", seconds: number): DomainEvent => ({
  type: "agent.availability_changed",
  platform: "chatwoot",
  agentId: "7",
  status,
  at: t(seconds),
});

export const presence = (
  seconds: number,
  fields: {
    userStatus?: "Available" | "Busy" | "Offline";
    dndStatus?: "TakeAllCalls" | "DoNotAcceptDepartmentCalls" | "TakeDepartmentCallsOnly" | "DoNotAcceptAnyCalls";
    telephonyStatus?: string;
    sequence?: number;
  },
): DomainEvent => ({
  type: "presence.changed",
  platform: "ringcentral",
  extensionId: "101",
  ...fields,
  at: t(seconds),
});

export const ctxAt = (
  seconds: number,
  recentCommands: IssuedCommand[] = [],
  policy: Policy = DEFAULT_POLICY,
): ApplyContext => ({
  nowMs: ms(seconds),
  recentCommands,
  echoWindowMs: ECHO_WINDOW_MS,
  policy,
  identities: { livechat: "a@example.com", chatwoot: "7", ringcentral: "101" },
});
