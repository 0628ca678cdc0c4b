import { z } from "zod";
import { DEFAULT_POLICY } from "./policy.ts";
import type {
  ActualState,
  Actuals,
  AgentState,
  CommandSpec,
  Intent,
  IssuedCommand,
  Observation,
  Policy,
} from "./types.ts";

/**
 * Boundary schemas: agent state and actuals come back from the database as JSON, commands travel as job
 * payloads, policy comes from workspace settings. Each is checked against the hand-written type.
 */

const isoTime = z.iso.datetime({ offset: true });
const chatChannel = z.enum(["livechat", "chatwoot", "builtin"]);
const telephonyStatus = z.enum([
  "Setup",
  "Proceeding",
  "Answered",
  "Hold",
  "Parked",
  "Disconnected",
  "Gone",
  "VoiceMail",
  "FaxReceive",
  "VoiceMailScreening",
]);
const userStatus = z.enum(["Available", "Busy", "Offline"]);
const dndStatus = z.enum([
  "TakeAllCalls",
  "DoNotAcceptDepartmentCalls",
  "TakeDepartmentCallsOnly",
  "DoNotAcceptAnyCalls",
]);
const phonePresence = z.strictObject({ userStatus, dndStatus });
const liveChatTarget = z.strictObject({ routingStatus: z.enum(["accepting_chats", "not_accepting_chats"]) });
const chatwootTarget = z.strictObject({ availability: z.enum(["online", "busy", "offline"]) });

const intentStatus = z.enum(["available", "away", "offline"]);

export const intentSchema: z.ZodType<Intent> = z.object({
  status: intentStatus,
  source: z.enum(["livechat", "ringcentral", "chatwoot", "switchboard", "default"]),
  at: isoTime,
});

const engagementSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("call"),
    platform: z.literal("ringcentral"),
    id: z.string().min(1),
    partyId: z.string(),
    status: telephonyStatus,
    sequence: z.number().int(),
    startedAt: isoTime,
    updatedAt: isoTime,
  }),
  z.object({ kind: z.literal("chat"), platform: chatChannel, id: z.string().min(1), startedAt: isoTime }),
]);

const tombstoneSchema = z.object({
  kind: z.enum(["call", "chat"]),
  platform: z.enum(["ringcentral", "livechat", "chatwoot", "builtin"]),
  id: z.string().min(1),
  partyId: z.string().optional(),
  sequence: z.number().int().optional(),
  at: isoTime,
});

const costsSchema = z.object({ call: z.number().nonnegative(), chat: z.number().nonnegative() });

export const agentStateSchema: z.ZodType<AgentState> = z.object({
  intent: intentSchema,
  intentBase: z.object({ intent: intentSchema, asOf: isoTime }).optional(),
  engagements: z.array(engagementSchema),
  capacity: z.number().nonnegative(),
  costs: costsSchema,
  ended: z.array(tombstoneSchema).optional(),
  commandMemory: z.array(z.lazy(() => issuedCommandSchema)).optional(),
});

const source = z.enum(["webhook", "poll", "command"]);
function actualSchema<S>(state: z.ZodType<S>): z.ZodType<ActualState<S>> {
  const observation: z.ZodType<Observation<S>> = z.object({
    state,
    at: isoTime,
    source,
    sequence: z.number().int().optional(),
    reading: intentStatus.nullable().optional(),
  });
  return z.object({
    state,
    at: isoTime,
    source,
    sequence: z.number().int().optional(),
    log: z.array(observation).optional(),
  });
}

export const actualsSchema: z.ZodType<Actuals> = z.object({
  livechat: actualSchema(
    z.object({ routingStatus: z.enum(["accepting_chats", "not_accepting_chats", "offline"]) }),
  ).optional(),
  chatwoot: actualSchema(z.object({ availability: z.enum(["online", "busy", "offline"]) })).optional(),
  ringcentral: actualSchema(
    z.object({ userStatus: userStatus.optional(), dndStatus: dndStatus.optional() }),
  ).optional(),
});

/** Strict targets: a command always names the whole target state, nothing more. */
export const commandSpecSchema: z.ZodType<CommandSpec> = z.discriminatedUnion("platform", [
  z.object({
    platform: z.literal("livechat"),
    kind: z.literal("livechat.set_routing_status"),
    target: liveChatTarget,
    idempotencyKey: z.string().min(1),
  }),
  z.object({
    platform: z.literal("chatwoot"),
    kind: z.literal("chatwoot.set_availability"),
    target: chatwootTarget,
    idempotencyKey: z.string().min(1),
  }),
  z.object({
    platform: z.literal("ringcentral"),
    kind: z.literal("ringcentral.set_presence"),
    target: phonePresence,
    idempotencyKey: z.string().min(1),
  }),
]);

export const issuedCommandSchema: z.ZodType<IssuedCommand> = z.discriminatedUnion("platform", [
  z.object({ platform: z.literal("livechat"), target: liveChatTarget, issuedAtMs: z.number() }),
  z.object({ platform: z.literal("chatwoot"), target: chatwootTarget, issuedAtMs: z.number() }),
  z.object({ platform: z.literal("ringcentral"), target: phonePresence, issuedAtMs: z.number() }),
]);

/** Workspace or agent settings: every field optional, defaults from DEFAULT_POLICY. */
export const policySchema = z.object({
  phoneWhenBusyWithChats: phonePresence.default(DEFAULT_POLICY.phoneWhenBusyWithChats),
  phoneBusyWhen: z.enum(["any_chat", "chats_at_capacity"]).default(DEFAULT_POLICY.phoneBusyWhen),
  pauseChatsWhileRinging: z.boolean().default(DEFAULT_POLICY.pauseChatsWhileRinging),
  setPhoneBusyDuringCalls: z.boolean().default(DEFAULT_POLICY.setPhoneBusyDuringCalls),
  phoneWhenAway: phonePresence.default(DEFAULT_POLICY.phoneWhenAway),
  phoneWhenOffline: phonePresence.default(DEFAULT_POLICY.phoneWhenOffline),
});

export const resolvePolicy = (input: unknown): Policy => policySchema.parse(input ?? {});
