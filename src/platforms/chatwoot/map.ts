import type { z } from "zod";
import type { DomainEvent, MapOutcome } from "../../domain/events.ts";
import type { Result } from "../../lib/result.ts";
import { err, ok } from "../../lib/result.ts";
import type { Headers, MapError } from "../types.ts";
import { authorOf, customerOf, humanAssigneeIds, messageKind, pushMessageToChat, toIso } from "./map-helpers.ts";
import type { CwContactEvent, CwConversationEvent, CwMessageEvent } from "./webhook-schema.ts";
import {
  CONVERSATION_EVENTS,
  contactEventSchema,
  conversationEventSchema,
  envelopeSchema,
  IGNORED_EVENTS,
  messageEventSchema,
} from "./webhook-schema.ts";

type MapMeta = { receivedAt: string; headers: Headers };
type MapResult = Result<MapOutcome, MapError>;

const event = (e: DomainEvent): MapResult => ok({ kind: "event", event: e });
const ignored = (reason: string): MapResult => ok({ kind: "ignored", reason });

/** Turns a verified Chatwoot webhook body (account, API-inbox or agent-bot delivery) into one DomainEvent. */
export function map(body: unknown, meta: MapMeta): MapResult {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return schemaError("not a Chatwoot webhook envelope", envelope.error);
  const name = envelope.data.event;

  if ((IGNORED_EVENTS as readonly string[]).includes(name)) return ignored(`${name}: not acted on`);
  if ((CONVERSATION_EVENTS as readonly string[]).includes(name)) {
    const parsed = conversationEventSchema.safeParse(body);
    return parsed.success ? mapConversation(parsed.data, meta) : schemaError(`invalid ${name} payload`, parsed.error);
  }
  if (name === "message_created") {
    const parsed = messageEventSchema.safeParse(body);
    return parsed.success ? mapMessage(parsed.data, meta) : schemaError(`invalid ${name} payload`, parsed.error);
  }
  if (name === "contact_created" || name === "contact_updated") {
    const parsed = contactEventSchema.safeParse(body);
    return parsed.success ? mapContact(parsed.data, meta) : schemaError(`invalid ${name} payload`, parsed.error);
  }
  // Chatwoot adds events over time; an unknown one is not an error, just nothing we handle yet.
  return ignored(`${name}: unhandled event`);
}

function mapConversation(p: CwConversationEvent, meta: MapMeta): MapResult {
  const chatId = p.id;
  // The account listener builds the payload when its job runs, so updated_at is the closest to "when".
  const updatedAt = toIso(p.updated_at, meta.receivedAt);
  switch (p.event) {
    case "conversation_created": {
      const at = toIso(p.created_at ?? p.timestamp, meta.receivedAt);
      return event({
        type: "chat.started",
        platform: "chatwoot",
        chatId,
        agentIds: humanAssigneeIds(p),
        customer: customerOf(p.meta?.sender),
        messages: (p.messages ?? []).map((m) => pushMessageToChat(m, p, at)),
        at,
      });
    }
    case "conversation_resolved":
      return event({ type: "chat.ended", platform: "chatwoot", chatId, at: updatedAt });
    case "conversation_opened":
      return event({
        type: "conversation.status_changed",
        platform: "chatwoot",
        chatId,
        status: "open",
        at: updatedAt,
      });
    case "conversation_status_changed":
      // changed_attributes is null here in practice (doc §2.4), so the current status is the new status.
      if (p.status === "resolved") return event({ type: "chat.ended", platform: "chatwoot", chatId, at: updatedAt });
      return event({
        type: "conversation.status_changed",
        platform: "chatwoot",
        chatId,
        status: p.status,
        at: updatedAt,
      });
    case "conversation_updated":
      return mapConversationUpdated(p, updatedAt);
  }
}

/**
 * Only assignee changes matter here. Status changes also fire `conversation_status_changed` (or, for bots,
 * `conversation_opened`/`_resolved`), which we map instead, so a status change is not turned into two events.
 */
function mapConversationUpdated(p: CwConversationEvent, updatedAt: string): MapResult {
  const changes = p.changed_attributes;
  const keys = Object.keys(changes).filter((k) => k !== "updated_at");
  const assignee = changes.assignee_id;
  if (!assignee) {
    // Agent bots before v4.13.0 get no changed_attributes at all: we cannot tell what changed.
    if (keys.length === 0) return ignored("conversation_updated: no changed_attributes");
    return ignored(`conversation_updated: no assignee change (${keys.join(", ")})`);
  }
  const current = assignee.current_value;
  let agentIds: string[];
  if (current === null || current === undefined || current === "") agentIds = [];
  else if (typeof current === "number" || typeof current === "string") agentIds = [String(current)];
  else agentIds = humanAssigneeIds(p);
  const at = toIso(changes.updated_at?.current_value, updatedAt);
  return event({ type: "chat.assigned", platform: "chatwoot", chatId: p.id, agentIds, at });
}

function mapMessage(p: CwMessageEvent, meta: MapMeta): MapResult {
  const kind = messageKind(p.message_type);
  return event({
    type: "chat.message",
    platform: "chatwoot",
    chatId: p.conversation.id,
    message: {
      id: p.id,
      ...authorOf(kind, p.sender, undefined, p.conversation),
      text: p.content ?? "",
      at: toIso(p.created_at, meta.receivedAt),
      private: p.private === true,
    },
  });
}

function mapContact(p: CwContactEvent, meta: MapMeta): MapResult {
  const at = toIso(p.changed_attributes.updated_at?.current_value, meta.receivedAt);
  return event({ type: "customer.updated", platform: "chatwoot", customer: customerOf(p), at });
}

function schemaError(message: string, error: z.ZodError): MapResult {
  return err({ message, issues: error.issues });
}

/** Chatwoot's own event name (`event`), whatever the hub made of it. */
export function eventName(body: unknown): string | null {
  const envelope = envelopeSchema.safeParse(body);
  return envelope.success ? envelope.data.event : null;
}
