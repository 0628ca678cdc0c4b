import { z } from "zod";
import { inboxCredentialsSchema, inboxSettingsSchema } from "../bot/settings.ts";
import { BOT_CONTENT_TYPES, BOT_OWNERS } from "../db/schema/index.ts";

/** `POST /api/bot/documents`: text in the body, or a URL fetched once. Re-adding a title replaces its chunks. */
export const createDocumentBody = z.object({
  title: z.string().trim().min(1).max(300),
  content: z.string().max(2_000_000).optional(),
  contentType: z.enum(BOT_CONTENT_TYPES).optional(),
  url: z.string().url().max(2000).optional(),
});

export const documentSchema = z.object({
  id: z.string(),
  title: z.string(),
  contentType: z.enum(BOT_CONTENT_TYPES),
  sourceUrl: z.string().nullable(),
  chunkCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BotDocumentDto = z.infer<typeof documentSchema>;

export const createdDocumentSchema = documentSchema.extend({ outcome: z.enum(["created", "replaced", "unchanged"]) });

export const chunkSchema = z.object({ id: z.string(), ordinal: z.number(), heading: z.string(), text: z.string() });
export const documentDetailSchema = documentSchema.extend({ content: z.string(), chunks: z.array(chunkSchema) });

export const askBody = z.object({
  question: z.string().trim().min(1).max(2000),
  inboxId: z.string().max(64).optional(),
});

export const retrievedChunkSchema = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  heading: z.string(),
  text: z.string(),
  score: z.number(),
});

export const askResultSchema = z.object({
  action: z.enum(["answer", "handoff"]),
  answer: z.string().optional(),
  chunks: z.array(retrievedChunkSchema),
  reason: z.string(),
  confidence: z.number(),
  threshold: z.number(),
  provider: z.string().nullable(),
  fallback: z.string().nullable(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  costUsd: z.number(),
  latencyMs: z.number(),
  /** `hybrid`: BM25 fused with embeddings (RRF; chunk scores are RRF scores); `bm25`: BM25 alone. */
  retrieval: z.enum(["bm25", "hybrid"]),
  /** Why hybrid retrieval is configured but was not used (provider failure, no embeddings yet); audited. */
  retrievalFallback: z.string().nullable(),
});
export type AskResultDto = z.infer<typeof askResultSchema>;

export const inboxSchema = z.object({
  id: z.string(),
  settings: inboxSettingsSchema,
  /** Which secrets are stored (never their values). */
  credentials: z.record(z.string(), z.boolean()),
  /** Where the platform must send the bot's webhooks. */
  webhookUrl: z.string(),
  updatedAt: z.string().nullable(),
});
export type BotInboxDto = z.infer<typeof inboxSchema>;

export const putInboxBody = inboxSettingsSchema.extend({ credentials: inboxCredentialsSchema.optional() });
export const createInboxBody = putInboxBody.extend({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "letters, digits and _.:- (at most 64)"),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  inboxId: z.string().nullable(),
  conversationId: z.string().nullable(),
  decision: z.string(),
  question: z.string().nullable(),
  chunks: z.array(z.object({ chunkId: z.string(), documentId: z.string(), score: z.number() })),
  answer: z.string().nullable(),
  reason: z.string(),
  provider: z.string().nullable(),
  latencyMs: z.number().nullable(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  at: z.string(),
});
export type BotAuditDto = z.infer<typeof auditEntrySchema>;

export const usageSchema = z.object({
  budgetUsd: z.number(),
  spentTodayUsd: z.number(),
  days: z.array(
    z.object({
      day: z.string(),
      provider: z.string(),
      requests: z.number(),
      tokensIn: z.number(),
      tokensOut: z.number(),
      costUsd: z.number(),
    }),
  ),
  conversations: z.object({
    total: z.number(),
    handedOff: z.number(),
    /** Intercom's definition: the last message was the bot's and the customer did not ask for a person. */
    resolved: z.number(),
    resolutionRate: z.number(),
    handoffRate: z.number(),
    byOwner: z.record(z.enum(BOT_OWNERS), z.number()),
  }),
});
export type BotUsageDto = z.infer<typeof usageSchema>;

export const memorySchema = z.object({ contactKey: z.string(), facts: z.array(z.string()), updatedAt: z.string() });
export type BotMemoryDto = z.infer<typeof memorySchema>;
