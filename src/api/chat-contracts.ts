import { z } from "zod";
import { CHAT_AUTHOR_TYPES, CHAT_EVENT_TYPES, CHAT_STATUSES, ROUTING_STRATEGIES } from "../db/schema/index.ts";

/** Request and response schemas of the built-in chat API (agents' side and the public widget). */

export const routingStrategySchema = z.enum(ROUTING_STRATEGIES);

export const chatGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  routingStrategy: routingStrategySchema,
  isDefault: z.boolean(),
  offerTimeoutSeconds: z.number().nullable(),
  agentIds: z.array(z.string()),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type ChatGroupDto = z.infer<typeof chatGroupSchema>;

export const createGroupBody = z.object({
  name: z.string().trim().min(1).max(100),
  routingStrategy: routingStrategySchema.default("round_robin"),
  isDefault: z.boolean().optional(),
  /** Offer mode: the agent must accept within this many seconds, else the next candidate gets it. */
  offerTimeoutSeconds: z.number().int().min(5).max(600).nullable().optional(),
});
export const patchGroupBody = createGroupBody.partial();
export const groupAgentsBody = z.object({ agentIds: z.array(z.string().max(64)).min(1).max(500) });

export const chatTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
});
export const createTagBody = z.object({
  name: z.string().trim().min(1).max(60),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "a #rrggbb colour")
    .optional(),
});
export const patchTagBody = createTagBody.partial();

export const includeDeletedQuery = z.object({ includeDeleted: z.coerce.boolean().default(false) });

export const chatEventSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  threadId: z.string(),
  /** Order within the thread (1, 2, …). */
  sequence: z.number(),
  /** Order within the conversation, across threads: the resume cursor for WebSockets. */
  position: z.number(),
  type: z.enum(CHAT_EVENT_TYPES),
  authorType: z.enum(CHAT_AUTHOR_TYPES),
  authorId: z.string().nullable(),
  text: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ChatEventDto = z.infer<typeof chatEventSchema>;

export const chatConversationSchema = z.object({
  id: z.string(),
  status: z.enum(CHAT_STATUSES),
  agentId: z.string().nullable(),
  groupId: z.string(),
  activeThreadId: z.string().nullable(),
  visitor: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  customerId: z.string().nullable(),
  tagIds: z.array(z.string()),
  queuePosition: z.number().nullable(),
  lastPosition: z.number(),
  agentReadPosition: z.number(),
  visitorReadPosition: z.number(),
  queuedAt: z.string(),
  assignedAt: z.string().nullable(),
  firstResponseAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ChatConversationDto = z.infer<typeof chatConversationSchema>;

export const conversationListQuery = z.object({
  status: z.enum(CHAT_STATUSES).optional(),
  groupId: z.string().max(64).optional(),
  agentId: z.string().max(64).optional(),
  tagId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

/** Exactly one of the two (checked by the route, after authentication). */
export const assignBody = z.object({ agentId: z.string().max(64).optional(), groupId: z.string().max(64).optional() });
export const tagsBody = z.object({ tagIds: z.array(z.string().max(64)).min(1).max(50) });

export const threadEventsQuery = z.object({
  afterSequence: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const postEventBody = z.object({
  type: z.literal("message"),
  text: z.string().trim().min(1).max(4000),
  /** An API key with the write scope (supervisor) may post as a named agent, for integrations. */
  authorId: z.string().max(64).optional(),
});

export const routingCandidateSchema = z.object({
  agentId: z.string(),
  eligible: z.boolean(),
  reason: z.string(),
  load: z.number(),
  capacity: z.number(),
  builtinChats: z.number(),
});
export const routingDecisionSchema = z.object({
  id: z.string(),
  at: z.string(),
  groupId: z.string(),
  strategy: routingStrategySchema,
  chosenAgentId: z.string().nullable(),
  why: z.string(),
  candidates: z.array(routingCandidateSchema),
});

export const builtinChatStatsSchema = z.object({
  chatsHandled: z.number(),
  activeChats: z.number(),
  averageFirstResponseSeconds: z.number().nullable(),
  averageHandleSeconds: z.number().nullable(),
  missedOffers: z.number(),
});

// The public widget API.

export const widgetSessionBody = z.object({
  /** The `data-workspace` of the widget; the default workspace when absent. */
  workspaceId: z.string().max(64).optional(),
  groupId: z.string().max(64).optional(),
  visitor: z
    .object({
      name: z.string().trim().max(100).optional(),
      email: z.email().max(200).optional(),
      metadata: z.record(z.string().max(50), z.string().max(500)).optional(),
    })
    .default({}),
  message: z.string().trim().min(1),
});
export const widgetSessionSchema = z.object({
  sessionToken: z.string(),
  visitorId: z.string(),
  conversationId: z.string(),
  threadId: z.string(),
  status: z.enum(CHAT_STATUSES),
});
export const widgetMessageBody = z.object({
  text: z.string().trim().min(1),
  conversationId: z.string().max(64).optional(),
});
export const widgetConversationSchema = z.object({
  conversation: z.object({
    id: z.string(),
    status: z.enum(CHAT_STATUSES),
    agentId: z.string().nullable(),
    groupId: z.string(),
    activeThreadId: z.string().nullable(),
    queuePosition: z.number().nullable(),
    agentName: z.string().nullable(),
  }),
  events: z.array(chatEventSchema),
});
