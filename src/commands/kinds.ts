import { z } from "zod";

/**
 * Every write Switchboard makes to a platform, as data. Availability commands carry a full target state (never a
 * toggle), so running one twice, late or out of order converges on the same result.
 */
const phone = z.object({
  userStatus: z.enum(["Available", "Busy", "Offline"]),
  dndStatus: z.enum(["TakeAllCalls", "DoNotAcceptDepartmentCalls", "TakeDepartmentCallsOnly", "DoNotAcceptAnyCalls"]),
});

export const commandPayloadSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("livechat.set_routing_status"),
    agentExternalId: z.string(),
    target: z.object({ routingStatus: z.enum(["accepting_chats", "not_accepting_chats"]) }),
  }),
  z.object({
    kind: z.literal("chatwoot.set_availability"),
    userId: z.string(),
    target: z.object({ availability: z.enum(["online", "busy", "offline"]) }),
  }),
  z.object({ kind: z.literal("ringcentral.set_presence"), extensionId: z.string(), target: phone }),
  /** A post in the agent's RingCentral Team Messaging direct conversation (created once, found after). */
  z.object({ kind: z.literal("ringcentral.post_message"), email: z.string(), text: z.string() }),
  /** A text message from one of the account's numbers (the voice pipeline's full-auto answer to a voicemail). */
  z.object({ kind: z.literal("ringcentral.send_sms"), from: z.string(), to: z.string(), text: z.string().max(1000) }),
  /** Notes a call on the LiveChat customer (session fields). */
  z.object({ kind: z.literal("livechat.note_call"), customerId: z.string(), fields: z.record(z.string(), z.string()) }),
  /** Notes a call on a Chatwoot conversation (private note) and contact (custom attributes). */
  z.object({
    kind: z.literal("chatwoot.note_call"),
    conversationId: z.string(),
    text: z.string(),
    contactId: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  /** The agent bot's message in a conversation (sent with the bot's own credentials; see src/bot/channels). */
  z.object({
    kind: z.literal("bot.reply"),
    inboxId: z.string(),
    botConversationId: z.string(),
    conversationId: z.string(),
    text: z.string(),
    /** answer and greeting are dropped at send time when a human owns the conversation; handoff is always sent. */
    purpose: z.enum(["answer", "greeting", "handoff"]),
    marker: z.string(),
  }),
  /** The platform's own handoff: Chatwoot opens the conversation (+ team), LiveChat transfers to a group. */
  z.object({
    kind: z.literal("bot.handoff"),
    inboxId: z.string(),
    botConversationId: z.string(),
    conversationId: z.string(),
    teamId: z.string().nullable(),
  }),
]);

export type CommandPayload = z.infer<typeof commandPayloadSchema>;
export type CommandKindName = CommandPayload["kind"];

/** Target-state kinds: a newer command of the same kind for the same agent makes an older pending one moot. */
export const TARGET_STATE_KINDS: readonly CommandKindName[] = [
  "livechat.set_routing_status",
  "chatwoot.set_availability",
  "ringcentral.set_presence",
];
