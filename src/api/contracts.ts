import { z } from "zod";
import { PLATFORMS } from "../domain/platform.ts";

/** Schemas of the REST API's requests and responses; the dashboard imports only the types. */
export const platformSchema = z.enum(PLATFORMS);

export const connectionSchema = z.object({
  id: z.string(),
  platform: platformSchema,
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  status: z.string(),
  webhookUrl: z.string(),
  hasWebhookSecret: z.boolean(),
  hasCredentials: z.boolean(),
  connectResult: z.unknown().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionDto = z.infer<typeof connectionSchema>;

export const connectResultSchema = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  steps: z.array(z.object({ step: z.string(), ok: z.boolean(), detail: z.string().optional() })),
  manualSteps: z.array(z.string()).optional(),
  remote: z.record(z.string(), z.unknown()).optional(),
});

export const createConnectionBody = z.object({
  platform: platformSchema,
  name: z.string().trim().min(1).max(100),
  /** Chatwoot: the secret Chatwoot issued. LiveChat/RingCentral: optional, generated when absent. */
  webhookSecret: z.string().min(8).max(200).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});

export const patchConnectionBody = createConnectionBody.omit({ platform: true }).partial();

export const createdConnectionSchema = z.object({
  id: z.string(),
  platform: platformSchema,
  name: z.string(),
  webhookUrl: z.string(),
  /** Shown once, on create (or when set by PATCH); never returned again. */
  webhookSecret: z.string().nullable(),
});

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "failed", "rejected"] as const;

export const webhookEventSummarySchema = z.object({
  id: z.string(),
  platform: z.string(),
  connectionId: z.string(),
  status: z.enum(WEBHOOK_EVENT_STATUSES),
  /** Why a webhook was rejected (verification failed); null otherwise. */
  reason: z.string().nullable(),
  /** The platform's own name for the event (Chatwoot `conversation_updated`, LiveChat `incoming_chat`, …). */
  eventType: z.string().nullable(),
  /** What processing made of it: a domain event, or ignored with the reason; null until processed. */
  outcome: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("event"), type: z.string() }),
      z.object({ kind: z.literal("ignored"), reason: z.string() }),
    ])
    .nullable(),
  dedupeKey: z.string().nullable(),
  bodyBytes: z.number(),
  attempts: z.number(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type WebhookEventSummary = z.infer<typeof webhookEventSummarySchema>;

export const webhookEventDetailSchema = webhookEventSummarySchema.extend({
  headers: z.record(z.string(), z.string()),
  /** The body as received: parsed JSON when it is JSON, else the text (rejected bodies may be truncated). */
  body: z.unknown(),
  domainEvent: z.unknown().nullable(),
  errorDetails: z.unknown().nullable(),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** One page of a list route (keyset: pass `nextCursor` back as `cursor`). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export const idParams = z.object({ id: z.string().max(64) });
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() }),
});

/** An agent as the board shows it: intent, engagements, per-platform desired and actual state. */
export const agentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  capacity: z.number(),
  costs: z.object({ call: z.number(), chat: z.number() }),
  /** Used capacity (calls + chats by cost). */
  load: z.number(),
  /** One word for the board: available | busy | on_call | away | offline. */
  status: z.string(),
  intent: z.object({
    status: z.enum(["available", "away", "offline"]),
    /** Where it was set: a platform, `switchboard`, or `default` (nobody has chosen yet). */
    source: z.string(),
    /** When a person set it; null for the default intent, which nobody set. */
    at: z.string().nullable(),
  }),
  engagements: z.array(
    z.object({
      kind: z.enum(["call", "chat"]),
      platform: z.string(),
      id: z.string(),
      status: z.string().optional(),
      startedAt: z.string(),
    }),
  ),
  platforms: z.array(
    z.object({
      platform: platformSchema,
      connectionId: z.string(),
      externalId: z.string(),
      desired: z.record(z.string(), z.string()).nullable(),
      actual: z.record(z.string(), z.string()).nullable(),
      actualAt: z.string().nullable(),
      actualSource: z.string().nullable(),
      inSync: z.boolean(),
    }),
  ),
  /** Built-in chat settings and whether the engine would offer this agent one more chat now. */
  chat: z.object({
    role: z.enum(["admin", "supervisor", "agent"]),
    maxChats: z.number(),
    enabled: z.boolean(),
    acceptingChats: z.boolean(),
  }),
  deletedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type AgentSummaryDto = z.infer<typeof agentSummarySchema>;

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  detail: z.record(z.string(), z.unknown()),
  cause: z.string().nullable(),
});
export type HistoryEntryDto = z.infer<typeof historyEntrySchema>;

/** Live updates (SSE `GET /api/stream`, fed by PostgreSQL NOTIFY on channel `switchboard_events`). */
export const liveEventSchema = z.object({
  workspaceId: z.string(),
  type: z.enum(["agent.updated", "conversation.updated", "command.updated", "webhook.received"]),
  id: z.string(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** GET /api/stats: live counts, and per-hour series read from the hub's stored history. */
export const statsQuery = z.object({
  /** The range: the last `hours` hours, the current hour included. */
  hours: z.coerce.number().int().min(1).max(168).default(24),
});
const hourVolumeSchema = z.object({ hour: z.string(), chats: z.number(), calls: z.number(), webhooks: z.number() });
const boardStatesSchema = z.object({
  available: z.number(),
  busy: z.number(),
  on_call: z.number(),
  away: z.number(),
  offline: z.number(),
});
export const latencyRowSchema = z.object({
  /** command: created → completed (succeeded commands, retries included); webhook: received → processed. */
  measure: z.enum(["command", "webhook"]),
  /** null: every platform together. */
  platform: z.string().nullable(),
  count: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
});
export const statsSchema = z.object({
  at: z.string(),
  /** The range the series cover: from the start of the first hour to `at`. */
  from: z.string(),
  agents: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) }),
  active: z.object({ chats: z.number(), calls: z.number() }),
  customers: z.object({ total: z.number(), pendingMatches: z.number() }),
  commands: z.record(z.string(), z.number()),
  webhooksLastHour: z.record(z.string(), z.number()),
  /** Chats and calls started and webhooks received, one entry per hour, oldest first, the current hour last. */
  hourly: z.array(hourVolumeSchema),
  /**
   * Average number of agents in each board state per hour (agent-seconds / the hour's seconds, the current hour
   * so far), replayed from the stored availability history; same hours as `hourly`.
   */
  availability: z.array(z.object({ hour: z.string(), states: boardStatesSchema })),
  /** Latency percentiles over the range, per platform and overall. */
  latency: z.array(latencyRowSchema),
});
export type StatsDto = z.infer<typeof statsSchema>;
export type LatencyRowDto = z.infer<typeof latencyRowSchema>;

/** Conversations: chats and calls with their details (GET /api/conversations …). */
export const callDetailsSchema = z.object({
  direction: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  result: z.string().nullable(),
  durationSec: z.number().nullable(),
  answeredAt: z.string().nullable(),
  /**
   * From RingCentral's call log, which lags the call by 15–30 s: null until it is published. `url` is the hub's
   * own route that streams it (with the caller's auth); `contentUri` needs RingCentral's token, never link it.
   */
  recording: z.object({ id: z.string(), contentUri: z.string(), url: z.string() }).nullable(),
});

export const conversationSchema = z.object({
  id: z.string(),
  channel: z.enum(["chat", "call"]),
  platform: platformSchema,
  connectionId: z.string(),
  externalId: z.string(),
  agentId: z.string().nullable(),
  customerId: z.string().nullable(),
  customer: z.object({
    platformId: z.string().optional(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  status: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  call: callDetailsSchema.nullable(),
  updatedAt: z.string(),
});
export type CallDetailsDto = z.infer<typeof callDetailsSchema>;
export type ConversationDto = z.infer<typeof conversationSchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorType: z.string(),
  authorId: z.string().nullable(),
  text: z.string(),
  private: z.boolean(),
  at: z.string(),
});
export type MessageDto = z.infer<typeof messageSchema>;
