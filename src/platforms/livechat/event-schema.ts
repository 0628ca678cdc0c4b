import { z } from "zod";

/**
 * LiveChat users and chat events as they appear inside webhook payloads and Agent Chat API responses
 * (docs: messaging/agent-chat-api/data-structures, v3.5 and v3.6). Liberal: unknown fields pass through;
 * strict only on the fields the mapper reads.
 */

/** Session fields are a list of single-key objects: `[{"key": "value"}, …]`. Values are strings in the docs. */
export const sessionFieldsSchema = z.array(z.record(z.string(), z.unknown()));

export const userSchema = z.looseObject({
  id: z.string().min(1),
  // "agent" | "customer" documented; the type of a bot inside chat.users is UNCONFIRMED (presumably "agent"),
  // so any string is accepted here and classified in map-helpers.
  type: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  /** v3.6 only. */
  phone_number: z.string().nullish(),
  present: z.boolean().optional(),
  visibility: z.string().optional(),
  session_fields: sessionFieldsSchema.nullish(),
});
export type LivechatUser = z.infer<typeof userSchema>;

/** A customer object outside chat.users (get_customer, v3.5 incoming_customer): `type` may be absent. */
export const customerSchema = userSchema.extend({ type: z.string().optional() });
export type LivechatCustomer = z.infer<typeof customerSchema>;

const eventBase = {
  id: z.string().min(1),
  custom_id: z.string().nullish(),
  created_at: z.string().min(1),
  // `visibility` since v3.4; older payloads (Go SDK fixtures) say `recipients`. Both: "all" | "agents".
  visibility: z.string().optional(),
  recipients: z.string().optional(),
};

export const messageEventSchema = z
  .looseObject({
    ...eventBase,
    type: z.literal("message"),
    author_id: z.string().min(1),
    text: z.string().optional(),
    /** v3.6: a deleted message keeps its id but loses its text. */
    deleted: z.boolean().optional(),
  })
  .refine((event) => event.deleted === true || typeof event.text === "string", {
    message: "a message event needs text unless it is deleted",
    path: ["text"],
  });

export const fileEventSchema = z.looseObject({
  ...eventBase,
  type: z.literal("file"),
  author_id: z.string().min(1),
  url: z.string().min(1),
  name: z.string().optional(),
  content_type: z.string().optional(),
});

const richButtonSchema = z.looseObject({ text: z.string().optional() });
const richElementSchema = z.looseObject({
  title: z.string().optional(),
  subtitle: z.string().optional(),
  buttons: z.array(richButtonSchema).optional(),
});

export const richMessageEventSchema = z.looseObject({
  ...eventBase,
  type: z.literal("rich_message"),
  author_id: z.string().min(1),
  template_id: z.string().optional(),
  elements: z.array(richElementSchema).optional(),
});

/** System messages have no author in the docs; an app-defined one sent via send_event may carry one. */
export const systemMessageEventSchema = z.looseObject({
  ...eventBase,
  type: z.literal("system_message"),
  author_id: z.string().nullish(),
  text: z.string().nullish(),
  system_message_type: z.string().nullish(),
});

export const MIRRORED_EVENT_TYPES = ["message", "file", "rich_message", "system_message"] as const;
const isMirrored = (type: string): boolean => (MIRRORED_EVENT_TYPES as readonly string[]).includes(type);

/** form, filled_form, custom, system (v3.6) and anything newer: kept, not mirrored. */
export const otherEventSchema = z.looseObject({
  id: z.string().optional(),
  type: z.string().refine((type) => !isMirrored(type), { message: "known event type failed its own schema" }),
  author_id: z.string().nullish(),
  created_at: z.string().optional(),
});

export const eventSchema = z.union([
  messageEventSchema,
  fileEventSchema,
  richMessageEventSchema,
  systemMessageEventSchema,
  otherEventSchema,
]);
export type LivechatEvent = z.infer<typeof eventSchema>;

export type MirroredEvent =
  | z.infer<typeof messageEventSchema>
  | z.infer<typeof fileEventSchema>
  | z.infer<typeof richMessageEventSchema>
  | z.infer<typeof systemMessageEventSchema>;

/**
 * `otherEventSchema` rejects the mirrored type names, so a parsed event whose type is one of them
 * passed that type's own schema: TypeScript cannot see this through the `type: string` member.
 */
export const isMirroredEvent = (event: LivechatEvent): event is MirroredEvent => isMirrored(event.type);

export const threadSchema = z.looseObject({
  id: z.string().min(1),
  active: z.boolean().optional(),
  user_ids: z.array(z.string()).optional(),
  events: z.array(eventSchema).default([]),
  created_at: z.string().optional(),
});
export type LivechatThread = z.infer<typeof threadSchema>;
