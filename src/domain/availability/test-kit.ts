/**
 * Builders and a tiny engine loop shared by this folder's tests (not used by production code): the loop is what
 * the lead's job does: apply an event, recompute desired, bump the revision when it changed, reconcile, run
 * the commands (deduped by idempotency key, as the command table does), record their results.
 */
import type { DomainEvent, TelephonyStatus } from "../events.ts";
import type { PlatformId } from "../platform.ts";
import { applyEvent } from "./apply.ts";
import { toIso } from "./canonical.ts";
import { desired } from "./desired.ts";
import { recordCommandResult } from "./observations.ts";
import { applyObservation } from "./observe.ts";
import { DEFAULT_POLICY, initialAgentState } from "./policy.ts";
import { issued, reconcile } from "./reconcile.ts";
import { canonicalDesired } from "./satisfies.ts";
import type {
  Actuals,
  AgentState,
  ApplyContext,
  ChatChannel,
  CommandSpec,
  IntentSource,
  IntentStatus,
  IssuedCommand,
  PlatformObservation,
  Policy,
} from "./types.ts";

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

/** The lead's job, in miniature. `execute` performs a command on a (fake) platform. */
export type Loop = {
  agentId: string;
  policy: Policy;
  platforms: PlatformId[];
  state: AgentState;
  actuals: Actuals;
  revision: number;
  lastDesired: string;
  issued: IssuedCommand[];
  commands: CommandSpec[];
  keys: Set<string>;
  notes: string[];
  /** Off: the platforms' own confirmations are the only news of our commands (exercises the echo guard). */
  recordResults: boolean;
};

export function newLoop(state: AgentState, actuals: Actuals, policy: Policy = DEFAULT_POLICY, platforms = ALL): Loop {
  return {
    agentId: "agt_a",
    policy,
    platforms,
    state,
    actuals,
    revision: 0,
    lastDesired: canonicalDesired(desired(state, policy, platforms)),
    issued: [],
    commands: [],
    keys: new Set(),
    notes: [],
    recordResults: true,
  };
}

export function settle(loop: Loop, nowMs: number, execute: (command: CommandSpec) => void): CommandSpec[] {
  const target = desired(loop.state, loop.policy, loop.platforms);
  const text = canonicalDesired(target);
  if (text !== loop.lastDesired) {
    loop.revision += 1;
    loop.lastDesired = text;
  }
  const fresh = reconcile({
    agentId: loop.agentId,
    desired: target,
    actual: loop.actuals,
    revision: loop.revision,
  }).filter((c) => !loop.keys.has(c.idempotencyKey));
  for (const command of fresh) {
    loop.keys.add(command.idempotencyKey);
    loop.commands.push(command);
    loop.issued.push(issued(command, nowMs));
    execute(command);
    if (loop.recordResults) loop.actuals = recordCommandResult(loop.actuals, command, toIso(nowMs));
  }
  return fresh;
}

const loopCtx = (loop: Loop, nowMs: number): ApplyContext => ({
  nowMs,
  recentCommands: loop.issued,
  echoWindowMs: ECHO_WINDOW_MS,
  policy: loop.policy,
  identities: { livechat: "a@example.com", chatwoot: "7", ringcentral: "101" },
});

export function feed(
  loop: Loop,
  event: DomainEvent,
  nowMs: number,
  execute: (command: CommandSpec) => void,
): CommandSpec[] {
  const r = applyEvent(loop.state, loop.actuals, event, loopCtx(loop, nowMs));
  loop.state = r.state;
  loop.actuals = r.actuals;
  loop.notes.push(...r.notes);
  return settle(loop, nowMs, execute);
}

export function observe(
  loop: Loop,
  observation: PlatformObservation,
  nowMs: number,
  execute: (command: CommandSpec) => void,
): CommandSpec[] {
  const r = applyObservation(loop.state, loop.actuals, observation, loopCtx(loop, nowMs));
  loop.state = r.state;
  loop.actuals = r.actuals;
  loop.notes.push(...r.notes);
  return settle(loop, nowMs, execute);
}
