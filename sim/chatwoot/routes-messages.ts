import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { createMessage } from "./actions-messages.ts";
import { authenticate, authenticateUser } from "./auth.ts";
import { CHATWOOT_ERRORS, CHATWOOT_LIMITS } from "./constants.ts";
import type { SimContext } from "./context.ts";
import { ChatwootError, notFound, unprocessable } from "./errors.ts";
import { isoOrNull } from "./json.ts";
import type { Actor, SenderRef } from "./model.ts";
import { jsonObject, pathId, queryString, railsBool, railsId, railsString } from "./params.ts";
import { contactPush, messageWebhookData } from "./present-events.ts";
import { agentJson, messageJson } from "./present-rest.ts";
import { findConversation } from "./routes-conversation-list.ts";

const CONTENT_TYPES = new Set([
  "text",
  "input_text",
  "input_textarea",
  "input_email",
  "input_select",
  "cards",
  "form",
  "article",
  "incoming_email",
  "input_csat",
  "integrations",
  "sticker",
  "voice_call",
]);
const MESSAGE_TYPES: Record<string, 0 | 1 | 3> = { incoming: 0, outgoing: 1, template: 3, "0": 0, "1": 1, "3": 3 };

const createSchema = z.object({
  content: z.union([railsString, z.null()]).optional(),
  message_type: z.union([z.string(), z.number()]).optional(),
  private: railsBool.optional(),
  content_type: z.string().optional(),
  content_attributes: jsonObject.optional(),
  source_id: z.union([railsString, z.null()]).optional(),
  echo_id: z.union([railsString, z.null()]).optional(),
  sender_type: z.string().optional(),
  sender_id: railsId.optional(),
});

const statusSchema = z.object({
  status: z.enum(["sent", "delivered", "read", "failed"]),
  external_error: z.string().optional(),
});

function senderFor(
  ctx: SimContext,
  actor: Actor,
  type: 0 | 1 | 3,
  contactId: number,
  body: z.output<typeof createSchema>,
): SenderRef {
  if (type === 0) return { type: "Contact", id: contactId };
  if (actor.kind === "bot") return { type: "AgentBot", id: actor.bot.id };
  // A user may post as a bot with `sender_type: "AgentBot"` + `sender_id` (doc §3.3).
  if (body.sender_type === "AgentBot" && body.sender_id !== undefined && ctx.state.bots.has(body.sender_id)) {
    return { type: "AgentBot", id: body.sender_id };
  }
  return { type: "User", id: actor.user.id };
}

/** Messages (doc §3.3, §3.5, §5.2): bots may create but not list; every create failure is 422 `{"error"}`. */
export function registerMessageRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const base = "/api/v1/accounts/:accountId/conversations/:conversationId/messages";

  app.get(base, async (req) => {
    const user = authenticateUser(ctx, req, "conversations/messages#index");
    const conv = findConversation(ctx, { kind: "user", user }, req);
    const before = Number(queryString(req.query, "before"));
    const after = Number(queryString(req.query, "after"));
    let list = conv.messages;
    if (queryString(req.query, "filter_internal_messages") === "true") list = list.filter((m) => !m.private);
    if (after > 0) list = list.filter((m) => m.id > after).slice(0, 100);
    else if (before > 0) list = list.filter((m) => m.id < before).slice(-20);
    else list = list.slice(-20);
    const contact = state.contacts.get(conv.contactId);
    const assignee = conv.assigneeId === null ? undefined : state.users.get(conv.assigneeId);
    const view = { state, live: true };
    return {
      meta: {
        labels: conv.labels,
        additional_attributes: conv.additionalAttributes,
        contact: contact ? contactPush(contact) : null,
        assignee: assignee ? agentJson(state, assignee) : null,
        agent_last_seen_at: isoOrNull(conv.agentLastSeenAt),
        assignee_last_seen_at: isoOrNull(conv.assigneeLastSeenAt),
      },
      payload: list.map((m) => messageJson(view, conv, m)),
    };
  });

  app.post(base, async (req) => {
    const actor = authenticate(ctx, req, "conversations/messages#create");
    const conv = findConversation(ctx, actor, req);
    const parsed = createSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      throw unprocessable(`Invalid parameters: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    const body = parsed.data;
    const type = MESSAGE_TYPES[String(body.message_type ?? "outgoing")];
    if (type === undefined) throw unprocessable(`'${String(body.message_type)}' is not a valid message_type`);
    const inbox = state.inboxes.get(conv.inboxId);
    if (type === 0 && inbox?.channelType !== "Channel::Api")
      throw new ChatwootError(422, CHATWOOT_ERRORS.incomingOnlyApi);
    const contentType = body.content_type ?? "text";
    if (!CONTENT_TYPES.has(contentType)) throw unprocessable(`'${contentType}' is not a valid content_type`);
    const content = body.content ?? null;
    if (content !== null && content.length > CHATWOOT_LIMITS.maxMessageLength) {
      throw unprocessable("Validation failed: Content is too long (maximum is 150000 characters)");
    }
    const message = createMessage(ctx, conv, {
      messageType: type,
      content,
      private: body.private ?? false,
      contentType,
      contentAttributes: body.content_attributes,
      sourceId: body.source_id ?? null,
      echoId: body.echo_id ?? null,
      sender: senderFor(ctx, actor, type, conv.contactId, body),
    });
    return messageJson({ state, live: true }, conv, message);
  });

  // Delivery status reports work only for API inboxes; `read → delivered` is ignored (doc §5.2). The refusal text
  // for other inboxes is the sandbox's own wording (Chatwoot's is not in the docs).
  app.patch(`${base}/:messageId`, async (req) => {
    const user = authenticateUser(ctx, req, "conversations/messages#update");
    const conv = findConversation(ctx, { kind: "user", user }, req);
    const message = conv.messages.find((m) => m.id === pathId(req.params, "messageId"));
    if (!message) throw notFound();
    if (state.inboxes.get(conv.inboxId)?.channelType !== "Channel::Api") {
      throw unprocessable("Status update is only allowed for API inboxes");
    }
    const parsed = statusSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw unprocessable("'status' is not a valid status");
    const { status, external_error } = parsed.data;
    if (!(message.status === "read" && status === "delivered") && message.status !== status) {
      message.status = status;
      if (status === "failed" && external_error) {
        message.contentAttributes = { ...message.contentAttributes, external_error };
      }
      message.updatedAt = ctx.config.now();
      ctx.bus.publish("message_updated", { inboxId: conv.inboxId, conversation: conv, message }, () => ({
        ...messageWebhookData(state, conv, message),
        event: "message_updated",
      }));
    }
    return messageJson({ state, live: true }, conv, message);
  });
}
