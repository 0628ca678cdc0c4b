import type { z } from "zod";
import type { DomainEvent, MapOutcome } from "../../domain/events.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import type { Headers, MapError } from "../types.ts";
import { authorTypeOf, customerRefOf, isHumanAgent, prechatAnswers, toChatMessage, toIso } from "./map-helpers.ts";
import {
  chatDeactivatedPayloadSchema,
  chatTransferredPayloadSchema,
  customerSessionFieldsUpdatedPayloadSchema,
  envelopeSchema,
  incomingChatPayloadSchema,
  incomingCustomerPayloadSchema,
  incomingEventPayloadSchema,
  routingStatusSetPayloadSchema,
  userAddedToChatPayloadSchema,
} from "./webhook-schema.ts";

type Meta = { receivedAt: string; headers: Headers };
type Outcome = Result<MapOutcome, MapError>;

const event = (domainEvent: DomainEvent): Outcome => ok({ kind: "event", event: domainEvent });
const ignored = (reason: string): Outcome => ok({ kind: "ignored", reason });

/** Parses a verified (and secret-stripped) LiveChat webhook body and maps it to one domain event. */
export function map(body: unknown, meta: Meta): Outcome {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return schemaError("envelope", envelope.error);
  const { action, payload } = envelope.data;
  const at = meta.receivedAt;

  switch (action) {
    case "incoming_chat":
      return parseThen(action, incomingChatPayloadSchema, payload, ({ chat }) => {
        const customerUser = chat.users.find((user) => user.type === "customer");
        const messages = chat.thread.events.flatMap((e) => toChatMessage(e, chat.users, at) ?? []);
        return event({
          type: "chat.started",
          platform: "livechat",
          chatId: chat.id,
          threadId: chat.thread.id,
          // Agents left over from earlier threads stay in chat.users with present=false.
          agentIds: chat.users.filter((user) => isHumanAgent(user) && user.present !== false).map((user) => user.id),
          customer: customerRefOf(customerUser, prechatAnswers(chat.thread.events)),
          messages,
          at: toIso(chat.thread.created_at ?? messages[0]?.at, at),
        });
      });

    case "incoming_event":
      return parseThen(action, incomingEventPayloadSchema, payload, (p) => {
        // The event alone does not say who wrote it; authorTypeOf infers it from the id's shape.
        const message = toChatMessage(p.event, [], at);
        if (!message) return ignored(`incoming_event of type ${p.event.type} is not a chat message`);
        return event({
          type: "chat.message",
          platform: "livechat",
          chatId: p.chat_id,
          ...(p.thread_id ? { threadId: p.thread_id } : {}),
          message,
        });
      });

    case "chat_deactivated":
      return parseThen(action, chatDeactivatedPayloadSchema, payload, (p) =>
        event({ type: "chat.ended", platform: "livechat", chatId: p.chat_id, threadId: p.thread_id, at }),
      );

    case "routing_status_set":
      return parseThen(action, routingStatusSetPayloadSchema, payload, (p) =>
        event({
          type: "agent.routing_status_changed",
          platform: "livechat",
          agentId: p.agent_id,
          status: p.status,
          at,
        }),
      );

    case "chat_transferred":
      return parseThen(action, chatTransferredPayloadSchema, payload, (p) => {
        const agentIds = p.transferred_to.agent_ids ?? [];
        // A transfer to a group only queues the chat; the agent who picks it up arrives as user_added_to_chat.
        if (agentIds.length === 0) return ignored("chat transferred to a group, no agent assigned yet");
        return event({ type: "chat.assigned", platform: "livechat", chatId: p.chat_id, agentIds, at });
      });

    case "user_added_to_chat":
      return parseThen(action, userAddedToChatPayloadSchema, payload, (p) => {
        const userType = p.user_type ?? p.user.type;
        if (userType !== "agent") return ignored(`${userType} added to chat is not an assignment`);
        if (authorTypeOf(p.user.id, [p.user]) === "bot") return ignored("bot added to chat is not an agent assignment");
        // Supervisors join with visibility "agents": they watch the chat, they are not working it.
        if (p.user.visibility === "agents") return ignored("agent added as supervisor (visibility agents)");
        return event({ type: "chat.assigned", platform: "livechat", chatId: p.chat_id, agentIds: [p.user.id], at });
      });

    case "customer_session_fields_updated":
      return parseThen(action, customerSessionFieldsUpdatedPayloadSchema, payload, (p) =>
        event({
          type: "customer.updated",
          platform: "livechat",
          customer: customerRefOf({ id: p.id, type: "customer", session_fields: p.session_fields }),
          at,
        }),
      );

    case "incoming_customer":
      return parseThen(action, incomingCustomerPayloadSchema, payload, (customer) =>
        event({ type: "customer.updated", platform: "livechat", customer: customerRefOf(customer), at }),
      );

    default:
      return ignored(`livechat action ${action} is not consumed`);
  }
}

function parseThen<S extends z.ZodType>(
  action: string,
  schema: S,
  payload: unknown,
  then: (parsed: z.output<S>) => Outcome,
): Outcome {
  const parsed = schema.safeParse(payload);
  return parsed.success ? then(parsed.data) : schemaError(`${action} payload`, parsed.error);
}

function schemaError(what: string, error: z.ZodError): Outcome {
  return err({ message: `livechat ${what} does not match the schema`, issues: error.issues });
}

/** LiveChat's own name for the webhook (`action`), whatever the hub made of it. */
export function eventName(body: unknown): string | null {
  const envelope = envelopeSchema.safeParse(body);
  return envelope.success ? envelope.data.action : null;
}
