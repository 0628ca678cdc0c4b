import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ensureContactInbox } from "./actions-contacts.ts";
import { createConversation } from "./actions-conversations.ts";
import { createMessage } from "./actions-messages.ts";
import { authenticate } from "./auth.ts";
import { CHATWOOT_LIMITS } from "./constants.ts";
import { actorSender, type SimContext } from "./context.ts";
import { notFound, unprocessable } from "./errors.ts";
import type { Contact, ContactInbox } from "./model.ts";
import { jsonObject, parseBody, railsId, railsString, statusOf } from "./params.ts";
import { conversationJson } from "./present-rest.ts";

const createSchema = z.object({
  source_id: railsString.optional(),
  inbox_id: railsId.optional(),
  contact_id: railsId.optional(),
  additional_attributes: jsonObject.optional(),
  custom_attributes: jsonObject.optional(),
  status: z.unknown().optional(),
  assignee_id: z.union([railsId, z.null()]).optional(),
  team_id: z.union([railsId, z.null()]).optional(),
  snoozed_until: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number), z.null()]).optional(),
  message: z.object({ content: railsString.optional() }).loose().optional(),
});

/**
 * `POST …/conversations` (doc §5.2): from `source_id`, or `inbox_id` + `contact_id` (a contact_inbox is built).
 * Without `status` the inbox decides (pending with an active bot); `message.content` becomes an outgoing message.
 */
export function registerConversationCreateRoute(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  app.post("/api/v1/accounts/:accountId/conversations", async (req) => {
    const actor = authenticate(ctx, req, "conversations#create");
    const body = parseBody(createSchema, req.body);
    const inbox = body.inbox_id === undefined ? undefined : state.inboxes.get(body.inbox_id);
    if (!inbox) throw notFound();
    let contact: Contact | undefined;
    let contactInbox: ContactInbox | undefined;
    if (body.source_id !== undefined) {
      contactInbox = [...state.contactInboxes.values()].find(
        (ci) => ci.inboxId === inbox.id && ci.sourceId === body.source_id,
      );
      contact = contactInbox && state.contacts.get(contactInbox.contactId);
    } else {
      contact = body.contact_id === undefined ? undefined : state.contacts.get(body.contact_id);
      if (contact) contactInbox = ensureContactInbox(ctx, contact, inbox);
    }
    if (!contact || !contactInbox) throw notFound();
    const status = body.status === undefined || body.status === null ? undefined : statusOf(body.status);
    const content = body.message?.content;
    if (content !== undefined && content.length > CHATWOOT_LIMITS.maxMessageLength) {
      throw unprocessable("Validation failed: Content is too long (maximum is 150000 characters)");
    }
    const assignee = body.assignee_id == null ? null : (state.users.get(body.assignee_id) ?? null);
    const conv = createConversation(ctx, {
      inbox,
      contact,
      contactInbox,
      status,
      assignee,
      additionalAttributes: body.additional_attributes,
      customAttributes: body.custom_attributes,
    });
    if (conv.status === "snoozed" && typeof body.snoozed_until === "number")
      conv.snoozedUntil = body.snoozed_until * 1000;
    if (content !== undefined && content !== "") {
      createMessage(ctx, conv, { messageType: 1, content, sender: actorSender(actor) });
    }
    return conversationJson({ state, live: true }, conv);
  });
}
