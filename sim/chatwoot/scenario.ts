import { createContact, ensureContactInbox, findContact } from "./actions-contacts.ts";
import { createConversation } from "./actions-conversations.ts";
import { createMessage } from "./actions-messages.ts";
import type { SimContext } from "./context.ts";
import type { Contact, ContactInbox, Inbox, User } from "./model.ts";
import { accountData, contactWebhookData } from "./present-events.ts";

export type StartConversation = {
  inbox: Inbox;
  contact: { name?: string; email?: string; phone?: string };
  assignee: User | null;
  text: string;
};

/** What a browser's widget reports about itself; the server adds language and browser details (doc §2.4). */
const WIDGET_BROWSER = {
  browser_name: "Chrome",
  browser_version: "137.0.0.0",
  device_name: "Unknown",
  platform_name: "macOS",
  platform_version: "10.15.7",
};

function widgetTriggered(ctx: SimContext, inbox: Inbox, contact: Contact, ci: ContactInbox): void {
  const startedAt = new Date(ctx.config.now()).toString();
  ctx.bus.publish("webwidget_triggered", { inboxId: inbox.id }, () => ({
    id: ci.id,
    contact: contactWebhookData(ctx.state, contact),
    inbox: { id: inbox.id, name: inbox.name },
    account: accountData(ctx.state),
    current_conversation: null,
    source_id: ci.sourceId,
    event: "webwidget_triggered",
    event_info: {
      initiated_at: { timestamp: startedAt },
      referer: inbox.websiteUrl,
      widget_language: "en",
      browser_language: "en",
      browser: WIDGET_BROWSER,
    },
  }));
}

/**
 * A customer starts a conversation: the contact is found by email or phone (or created: `contact_created`), a
 * web-widget visitor opens the widget (`webwidget_triggered`), the conversation is created
 * (`conversation_created`, auto-assigned unless an assignee is given) and the first message arrives (`message_created`).
 */
export function startConversation(ctx: SimContext, input: StartConversation) {
  const { email, phone, name } = input.contact;
  const contact =
    findContact(ctx.state, { email, phone }) ??
    createContact(ctx, {
      // Chatwoot names anonymous widget visitors itself; a neutral stand-in is used here.
      name: name ?? email ?? phone ?? `visitor-${ctx.state.contacts.size + 1}`,
      email: email ?? null,
      phoneNumber: phone ?? null,
    });
  const ci = ensureContactInbox(ctx, contact, input.inbox);
  const widget = input.inbox.channelType === "Channel::WebWidget";
  if (widget) widgetTriggered(ctx, input.inbox, contact, ci);
  const conv = createConversation(ctx, {
    inbox: input.inbox,
    contact,
    contactInbox: ci,
    assignee: input.assignee,
    additionalAttributes: widget
      ? {
          browser: WIDGET_BROWSER,
          referer: input.inbox.websiteUrl,
          initiated_at: { timestamp: new Date(ctx.config.now()).toString() },
          browser_language: "en",
        }
      : {},
  });
  const message = createMessage(ctx, conv, {
    messageType: 0,
    content: input.text,
    sender: { type: "Contact", id: contact.id },
  });
  return {
    conversationId: conv.id,
    contactId: contact.id,
    messageId: message.id,
    status: conv.status,
    assigneeId: conv.assigneeId,
  };
}
