import { z } from "zod";
import { customerSchema, eventSchema, sessionFieldsSchema, threadSchema, userSchema } from "./event-schema.ts";

/**
 * LiveChat webhook bodies (docs: management/webhooks, v3.5 and v3.6; platforms/livechat.md §1).
 * Every webhook is one envelope whose `payload` depends on `action`.
 */

/**
 * The v3.4+ envelope carries `organization_id` (a UUID-ish string; the docs' own example is not a valid UUID);
 * older deliveries (Go SDK fixtures) carry an integer `license_id` instead. `requester` is v3.6, configuration
 * webhooks only. `secret_key` is optional here because verify() reports its absence as `bad_secret`, and verify()
 * removes it before the body is stored.
 */
export const envelopeSchema = z.looseObject({
  webhook_id: z.string().optional(),
  // Not typed here: any missing or non-string secret is reported as `bad_secret`, not as a shape error.
  secret_key: z.unknown().optional(),
  action: z.string().min(1),
  organization_id: z.string().optional(),
  license_id: z.union([z.number(), z.string()]).optional(),
  payload: z.record(z.string(), z.unknown()),
  additional_data: z.unknown().optional(),
  requester: z.unknown().optional(),
});
export type LivechatEnvelope = z.infer<typeof envelopeSchema>;

export const incomingChatPayloadSchema = z.looseObject({
  chat: z.looseObject({
    id: z.string().min(1),
    users: z.array(userSchema).default([]),
    thread: threadSchema,
  }),
  /** Present on the RTM push; on the webhook only per lc-sdk-python's model (UNCONFIRMED). Not read. */
  transferred_from: z.unknown().optional(),
});

export const incomingEventPayloadSchema = z.looseObject({
  chat_id: z.string().min(1),
  // Always present in the docs' examples; optional so a thread-less delivery still maps.
  thread_id: z.string().min(1).optional(),
  event: eventSchema,
});

export const chatDeactivatedPayloadSchema = z.looseObject({
  chat_id: z.string().min(1),
  thread_id: z.string().min(1),
  /** Absent when the router closed the thread (inactivity, customer left). */
  user_id: z.string().nullish(),
});

/**
 * The webhook docs and the Go SDK fixture spell it "accepting chats" (space); the Web API, RTM push and lc-sdk-js
 * use "accepting_chats". Which one live webhooks send is UNCONFIRMED, so both (and any case/hyphen variant) are
 * normalised to the underscore form.
 */
export const routingStatusSchema = z
  .string()
  .transform((status) =>
    status
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  )
  .pipe(z.enum(["accepting_chats", "not_accepting_chats", "offline"]));
export type RoutingStatus = z.output<typeof routingStatusSchema>;

export const routingStatusSetPayloadSchema = z.looseObject({
  agent_id: z.string().min(1),
  status: routingStatusSchema,
});

export const chatTransferredPayloadSchema = z.looseObject({
  chat_id: z.string().min(1),
  thread_id: z.string().optional(),
  requester_id: z.string().nullish(),
  /** manual | inactive | assigned | unassigned | other */
  reason: z.string().optional(),
  transferred_to: z.looseObject({
    agent_ids: z.array(z.string()).optional(),
    group_ids: z.array(z.number()).optional(),
  }),
  // v3.5 `queued_at_us`, v3.6 `queued_at`: not read, both pass.
  queue: z.unknown().optional(),
});

export const userAddedToChatPayloadSchema = z.looseObject({
  chat_id: z.string().min(1),
  thread_id: z.string().optional(),
  user: userSchema,
  /** Documented but missing from the docs' own example; the user's own `type` is the fallback. */
  user_type: z.string().optional(),
  reason: z.string().optional(),
  requester_id: z.string().nullish(),
});

export const customerSessionFieldsUpdatedPayloadSchema = z.looseObject({
  id: z.string().min(1),
  active_chat: z.looseObject({ chat_id: z.string(), thread_id: z.string().optional() }).optional(),
  session_fields: sessionFieldsSchema,
});

/**
 * v3.5 only (removed in v3.6). The docs show `{customer: {…}}`, the Go SDK fixture has the customer fields
 * directly in `payload`; which one is real is UNCONFIRMED, so both are accepted.
 */
export const incomingCustomerPayloadSchema = z.union([
  z.looseObject({ customer: customerSchema }).transform((payload) => payload.customer),
  customerSchema,
]);

/** Actions the mapper turns into domain events; every other action is acknowledged and ignored. */
export const CONSUMED_ACTIONS = [
  "incoming_chat",
  "incoming_event",
  "chat_deactivated",
  "routing_status_set",
  "chat_transferred",
  "user_added_to_chat",
  "customer_session_fields_updated",
  "incoming_customer",
] as const;
export type ConsumedAction = (typeof CONSUMED_ACTIONS)[number];
