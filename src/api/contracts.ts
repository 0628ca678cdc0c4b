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
  reason: z.string().nullable(),
  eventType: z.string().nullable(),
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
  intent: z.object({ status: z.enum(["available", "away", "offline"]), source: z.string(), at: z.string() }),
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

/** Live updates (SSE `GET /api/stream`, fed by PostgreSQL NOTIFY on channel `switchboard_events`). */
export const liveEventSchema = z.object({
  workspaceId: z.string(),
  type: z.enum(["agent.updated", "conversation.updated", "command.updated", "webhook.received"]),
  id: z.string(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;
