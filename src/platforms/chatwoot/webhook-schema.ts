import { z } from "zod";

/*
 * Chatwoot webhook payloads (platforms/chatwoot.md §2.3–2.4, v4.x). Account webhooks, API-inbox webhooks and
 * agent-bot webhooks all send the same `webhook_data` shapes; they differ only in which events arrive
 * (bots get `conversation_opened`/`conversation_resolved` and never `conversation_created`) and in version
 * drift (`account` only since v4.14.2, bot `changed_attributes` only since v4.13.0). Objects are loose so new
 * Chatwoot fields never break ingest; only the fields the mapper reads are constrained.
 */

/** Ids are integers in Chatwoot; a string form is accepted so a proxy that stringifies ids does not break us. */
export const cwId = z.union([z.number().int(), z.string().min(1)]).transform(String);

/** Webhook timestamps are ISO strings (message `created_at`) or unix seconds, sometimes fractional (`updated_at`). */
export const cwTime = z.union([z.string(), z.number()]);

export const conversationStatusSchema = z.enum(["open", "resolved", "pending", "snoozed"]);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

/**
 * Any message author: contact (no `type` in the top-level message sender since PR #6415, `type:"contact"`
 * elsewhere), user (`type:"user"`), agent bot (`type:"agent_bot"`), Captain assistant (`type:"captain_assistant"`).
 */
export const senderSchema = z.looseObject({
  id: cwId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  identifier: z.string().nullish(),
  type: z.string().nullish(),
});
export type CwSender = z.infer<typeof senderSchema>;

/** The last message inside `conversation.messages[]`: `push_event_data` form, integer `message_type`. */
export const pushMessageSchema = z.looseObject({
  id: cwId,
  content: z.string().nullish(),
  // Integer here (0 incoming, 1 outgoing, 2 activity, 3 template); the string form is accepted defensively.
  message_type: z.union([z.number().int(), z.string()]),
  created_at: cwTime.nullish(),
  private: z.boolean().nullish(),
  sender_type: z.string().nullish(),
  sender_id: cwId.nullish(),
  sender: senderSchema.nullish(),
});
export type CwPushMessage = z.infer<typeof pushMessageSchema>;

/** `changed_attributes`: an array of single-key objects; a plain object form is accepted too (see below). */
const changeSchema = z.looseObject({ previous_value: z.unknown(), current_value: z.unknown() });
export type CwChange = z.infer<typeof changeSchema>;

export const changedAttributesSchema = z
  .union([z.array(z.record(z.string(), changeSchema)), z.record(z.string(), changeSchema)])
  .nullish()
  // Documented form is `[{"status":{…}}, …]` (BaseListener#extract_changed_attributes); the merged-object form
  // `{"status":{…}}` is not documented for any version but costs nothing to accept. null (status_changed) → {}.
  .transform((value): Record<string, CwChange> => {
    if (!value) return {};
    const entries = Array.isArray(value) ? value.flatMap((item) => Object.entries(item)) : Object.entries(value);
    return Object.fromEntries(entries);
  });

export const conversationSchema = z.looseObject({
  id: cwId,
  inbox_id: cwId.nullish(),
  status: conversationStatusSchema,
  messages: z.array(pushMessageSchema).nullish(),
  meta: z
    .looseObject({
      sender: senderSchema.nullish(),
      assignee: senderSchema.nullish(),
      assignee_type: z.string().nullish(),
    })
    .nullish(),
  created_at: cwTime.nullish(),
  timestamp: cwTime.nullish(),
  updated_at: cwTime.nullish(),
});
export type CwConversation = z.infer<typeof conversationSchema>;

export const CONVERSATION_EVENTS = [
  "conversation_created",
  "conversation_updated",
  "conversation_status_changed",
  "conversation_opened",
  "conversation_resolved",
] as const;

/** Conversation `webhook_data` + `event` (+ `changed_attributes` for updates). */
export const conversationEventSchema = conversationSchema.extend({
  event: z.enum(CONVERSATION_EVENTS),
  changed_attributes: changedAttributesSchema,
});
export type CwConversationEvent = z.infer<typeof conversationEventSchema>;

/** Message `webhook_data` + `event`: string `message_type`, ISO `created_at`, the whole conversation inside. */
export const messageEventSchema = z.looseObject({
  event: z.enum(["message_created", "message_updated"]),
  id: cwId,
  content: z.string().nullish(),
  // Strings per the docs; "activity" and integers are accepted in case a version ever sends them.
  message_type: z.union([z.enum(["incoming", "outgoing", "template", "activity"]), z.number().int()]),
  private: z.boolean().nullish(),
  created_at: cwTime.nullish(),
  sender: senderSchema.nullish(),
  conversation: conversationSchema,
});
export type CwMessageEvent = z.infer<typeof messageEventSchema>;

/** Contact `webhook_data` + `event` (+ `changed_attributes` on update). */
export const contactEventSchema = z.looseObject({
  event: z.enum(["contact_created", "contact_updated"]),
  id: cwId,
  name: z.string().nullish(),
  email: z.string().nullish(),
  phone_number: z.string().nullish(),
  identifier: z.string().nullish(),
  changed_attributes: changedAttributesSchema,
});
export type CwContactEvent = z.infer<typeof contactEventSchema>;

/** Events we receive but do not act on; parsed only as far as their envelope. */
export const IGNORED_EVENTS = [
  "conversation_typing_on",
  "conversation_typing_off",
  "webwidget_triggered",
  "inbox_created",
  "inbox_updated",
  "message_updated",
] as const;

/** What every Chatwoot webhook body has in common: a JSON object with a string `event`. */
export const envelopeSchema = z.looseObject({ event: z.string().min(1), id: z.unknown().optional() });
export type CwEnvelope = z.infer<typeof envelopeSchema>;
