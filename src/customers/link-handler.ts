import { and, eq, inArray, isNull } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "../db/database.ts";
import { connections, conversations, customerIdentities } from "../db/schema/index.ts";
import type { DomainEvent } from "../domain/events.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { enqueueContactSync } from "./contact-sync.ts";
import { type Described, describeRef, normalisePhone, type RefContext } from "./identities.ts";
import { resolveCustomer } from "./resolve.ts";

export type LinkSettings = {
  region: CountryCode;
  verifiedEmailPlatforms: readonly string[];
  /** Platforms where a contact is created for a chat customer who has none (CREATE_CONTACTS). */
  createContactsOn: readonly string[];
};

type Ctx = Parameters<EventHandler>[1];
type ConversationRow = typeof conversations.$inferSelect;

/**
 * Links every chat and call to one customer (PRODUCT §2.5), after the conversation handler has written the
 * record. Chats are matched on what the platform tells about the customer; calls on the caller's number.
 */
export function customerLinkHandler(settings: LinkSettings): EventHandler {
  return async (tx, ctx, event) => {
    switch (event.type) {
      case "chat.started":
      case "chat.message": {
        const row = await conversationBy(tx, ctx, "chat", [event.chatId]);
        // A message only links a chat recorded before linking existed (or whose start was lost).
        if (!row || (event.type === "chat.message" && row.customerId)) return;
        const ref = event.type === "chat.started" ? event.customer : row.customer;
        await linkChat(tx, ctx, settings, row, describeRef(ref, refContext(ctx, event.platform, settings)));
        return;
      }
      case "customer.updated": {
        const described = describeRef(event.customer, refContext(ctx, event.platform, settings));
        if (!described.identities.some((i) => i.kind === "platform")) return;
        const { customerId } = await resolveCustomer(tx, ctx.workspaceId, described, { eventId: ctx.eventId });
        await scheduleContacts(tx, ctx.workspaceId, customerId, described, settings);
        return;
      }
      case "call.updated":
        return linkCall(tx, ctx, settings, event);
      default:
        return;
    }
  };
}

const refContext = (ctx: Ctx, platform: string, s: LinkSettings): RefContext => ({
  connectionId: ctx.connectionId,
  platform,
  region: s.region,
  verifiedEmailPlatforms: s.verifiedEmailPlatforms,
});

async function conversationBy(
  tx: Tx,
  ctx: Ctx,
  channel: "chat" | "call",
  externalIds: string[],
): Promise<ConversationRow | undefined> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.connectionId, ctx.connectionId),
        eq(conversations.channel, channel),
        inArray(conversations.externalId, externalIds),
      ),
    );
  return row;
}

/** A call is recorded per telephony session, or per session and agent extension (`<session>/<extension>`). */
const callKeys = (e: Extract<DomainEvent, { type: "call.updated" }>): string[] =>
  e.extensionId ? [e.telephonySessionId, `${e.telephonySessionId}/${e.extensionId}`] : [e.telephonySessionId];

async function linkChat(
  tx: Tx,
  ctx: Ctx,
  settings: LinkSettings,
  row: ConversationRow,
  described: Described,
): Promise<void> {
  // Once linked, only the platform id can say more (it was recorded on the linked customer); without one a later
  // event would match afresh and could leave the chat on a stranger's record.
  if (row.customerId && !described.identities.some((i) => i.kind === "platform")) return;
  const { customerId } = await resolveCustomer(tx, ctx.workspaceId, described, {
    eventId: ctx.eventId,
    conversationId: row.id,
  });
  if (row.customerId !== customerId) {
    await tx
      .update(conversations)
      .set({ customerId, updatedAt: new Date(ctx.nowMs) })
      .where(eq(conversations.id, row.id));
  }
  await scheduleContacts(tx, ctx.workspaceId, customerId, described, settings);
}

/**
 * The first notification of a call links it; later ones find it linked. A call without a usable external number
 * is internal (extension to extension) when outbound; inbound it is a caller who withheld their number, and gets a
 * customer of their own so the call still sits on a timeline.
 */
async function linkCall(
  tx: Tx,
  ctx: Ctx,
  settings: LinkSettings,
  event: Extract<DomainEvent, { type: "call.updated" }>,
): Promise<void> {
  const row = await conversationBy(tx, ctx, "call", callKeys(event));
  if (!row || row.customerId) return;
  const inbound = event.direction === "Inbound";
  const phone = normalisePhone(inbound ? event.from : event.to, settings.region);
  if (!phone && !inbound) return;
  const name = (inbound ? event.fromName : event.toName)?.trim() || undefined;
  const described: Described = phone
    ? { identities: [{ kind: "phone", value: phone, scope: "", verified: false }], name, phone }
    : { identities: [], name: name ?? "Unknown caller" };
  const { customerId } = await resolveCustomer(tx, ctx.workspaceId, described, {
    eventId: ctx.eventId,
    conversationId: row.id,
  });
  await tx
    .update(conversations)
    .set({ customerId, updatedAt: new Date(ctx.nowMs) })
    .where(eq(conversations.id, row.id));
}

/** CREATE_CONTACTS: one find-or-create job per connection the customer has no contact on yet. */
async function scheduleContacts(
  tx: Tx,
  workspaceId: string,
  customerId: string,
  described: Described,
  settings: LinkSettings,
): Promise<void> {
  if (settings.createContactsOn.length === 0 || (!described.email && !described.phone)) return;
  const targets = await tx
    .select({ id: connections.id, settings: connections.settings })
    .from(connections)
    .where(
      and(
        eq(connections.workspaceId, workspaceId),
        inArray(connections.platform, [...settings.createContactsOn]),
        isNull(connections.deletedAt),
      ),
    );
  if (targets.length === 0) return;
  const held = await tx
    .select({ scope: customerIdentities.scope })
    .from(customerIdentities)
    .where(and(eq(customerIdentities.customerId, customerId), eq(customerIdentities.kind, "platform")));
  for (const connection of targets) {
    if (connection.settings.createContacts === false || held.some((h) => h.scope === connection.id)) continue;
    await enqueueContactSync(tx, { customerId, connectionId: connection.id });
  }
}
