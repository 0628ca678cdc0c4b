import { z } from "zod";
import { conversationStatusSchema, cwId } from "./webhook-schema.ts";

/*
 * Chatwoot Application API response bodies (platforms/chatwoot.md §4–5, v4.15.1 jbuilder views). Loose objects:
 * only what callers read is constrained. Where the doc and swagger disagree on a wrapper, both are accepted.
 */

export const availabilitySchema = z.enum(["online", "busy", "offline"]);
export type ChatwootAvailability = z.infer<typeof availabilitySchema>;

export const agentSchema = z.looseObject({
  id: cwId,
  email: z.string(),
  name: z.string().nullish(),
  available_name: z.string().nullish(),
  role: z.string().nullish(),
  /** Effective status (configured availability, auto_offline and live presence combined). */
  availability_status: availabilitySchema,
  auto_offline: z.boolean().nullish(),
  confirmed: z.boolean().nullish(),
});
export type ChatwootAgent = z.infer<typeof agentSchema>;

/** `GET /api/v1/profile` / `POST /api/v1/profile/availability`: the user JSON with per-account settings. */
export const profileSchema = z.looseObject({
  id: cwId,
  email: z.string().nullish(),
  accounts: z
    .array(
      z.looseObject({
        id: cwId,
        availability: availabilitySchema.nullish(),
        availability_status: availabilitySchema.nullish(),
        auto_offline: z.boolean().nullish(),
      }),
    )
    .nullish(),
});
export type ChatwootProfile = z.infer<typeof profileSchema>;

export const contactSchema = z.looseObject({
  id: cwId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  identifier: z.string().nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  additional_attributes: z.record(z.string(), z.unknown()).nullish(),
});
export type ChatwootContact = z.infer<typeof contactSchema>;

export const contactPageSchema = z
  .looseObject({
    meta: z
      .looseObject({
        count: z.number().nullish(),
        current_page: z.union([z.number(), z.string()]).nullish(),
        has_more: z.boolean().nullish(),
      })
      .nullish(),
    payload: z.array(contactSchema),
  })
  .transform((body) => ({
    contacts: body.payload,
    count: body.meta?.count ?? body.payload.length,
    hasMore: body.meta?.has_more ?? undefined,
  }));
export type ChatwootContactPage = z.output<typeof contactPageSchema>;

/** Create answers `{payload:{contact, contact_inbox}}` (doc §5.1); `{payload: contact}` and a bare contact too. */
export const contactCreatedSchema = z.union([
  z.looseObject({ payload: z.looseObject({ contact: contactSchema }) }).transform((b) => b.payload.contact),
  z.looseObject({ payload: contactSchema }).transform((b) => b.payload),
  contactSchema,
]);

/** Update answers `{payload: contact}` (update.json.jbuilder); swagger documents a bare contact. */
export const contactUpdatedSchema = z.union([
  z.looseObject({ payload: contactSchema }).transform((b) => b.payload),
  contactSchema,
]);

export const restMessageSchema = z.looseObject({
  id: cwId,
  content: z.string().nullish(),
  conversation_id: cwId.nullish(),
  // REST sends an integer (0 incoming, 1 outgoing, 2 activity, 3 template); strings accepted defensively.
  message_type: z.union([z.number().int(), z.string()]),
  private: z.boolean().nullish(),
  status: z.string().nullish(),
  source_id: z.string().nullish(),
  created_at: z.union([z.number(), z.string()]).nullish(),
});
export type ChatwootMessage = z.infer<typeof restMessageSchema>;

export const restConversationSchema = z.looseObject({
  id: cwId,
  inbox_id: cwId.nullish(),
  status: conversationStatusSchema,
  labels: z.array(z.string()).nullish(),
  meta: z
    .looseObject({
      sender: z.looseObject({ id: cwId }).nullish(),
      assignee: z.looseObject({ id: cwId }).nullish(),
      assignee_type: z.string().nullish(),
    })
    .nullish(),
});
export type ChatwootConversation = z.infer<typeof restConversationSchema>;

export const conversationPageSchema = z
  .looseObject({
    data: z.looseObject({
      meta: z.record(z.string(), z.unknown()).nullish(),
      payload: z.array(restConversationSchema),
    }),
  })
  .transform((body) => ({
    conversations: body.data.payload,
    allCount: typeof body.data.meta?.all_count === "number" ? body.data.meta.all_count : undefined,
  }));
export type ChatwootConversationPage = z.output<typeof conversationPageSchema>;

/** `success` is null on the agent-bot handoff branch (doc §3.4): callers must read `currentStatus`. */
export const toggleStatusSchema = z
  .looseObject({
    payload: z.looseObject({
      success: z.boolean().nullish(),
      conversation_id: cwId,
      current_status: conversationStatusSchema,
      snoozed_until: z.union([z.string(), z.number()]).nullish(),
    }),
  })
  .transform(({ payload }) => ({
    conversationId: payload.conversation_id,
    currentStatus: payload.current_status,
    success: payload.success ?? undefined,
    snoozedUntil: payload.snoozed_until ?? undefined,
  }));
export type ChatwootToggleStatus = z.output<typeof toggleStatusSchema>;

/**
 * Assignment answers with the assigned agent, agent bot or team, or `null` when the assignee was cleared or no
 * target was given (assignments_controller.rb). Newer builds wrap it in `payload`; neither form carries more
 * than we sent, so the body is only checked to be JSON-ish.
 */
export const assignmentSchema = z.union([z.looseObject({}), z.null(), z.undefined()]);

export const labelsSchema = z.union([
  z.looseObject({ payload: z.array(z.string()) }).transform((b) => b.payload),
  z.array(z.string()),
]);

export const webhookSchema = z.looseObject({
  id: cwId,
  url: z.string(),
  name: z.string().nullish(),
  subscriptions: z.array(z.string()),
  /** Signing secret (v4.11.2+, admin only); null on older installations, which then send unsigned webhooks. */
  secret: z.string().nullish(),
  account_id: cwId.nullish(),
});
export type ChatwootWebhook = z.infer<typeof webhookSchema>;

/** The controller wraps in `payload.webhooks` (doc §2.5); swagger documents a bare array. */
export const webhookListSchema = z.union([
  z.looseObject({ payload: z.looseObject({ webhooks: z.array(webhookSchema) }) }).transform((b) => b.payload.webhooks),
  z.looseObject({ payload: z.array(webhookSchema) }).transform((b) => b.payload),
  z.array(webhookSchema),
]);

export const webhookCreatedSchema = z.union([
  z.looseObject({ payload: z.looseObject({ webhook: webhookSchema }) }).transform((b) => b.payload.webhook),
  webhookSchema,
]);

/** Bodies whose content we do not need (e.g. `head :ok` on delete). */
export const anyBodySchema = z.unknown();
