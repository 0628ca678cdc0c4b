import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/database.ts";
import { botConversations, botInbound, botInboxes, chatConversations, type chatEvents } from "../../db/schema/index.ts";
import { enqueue } from "../../jobs/enqueue.ts";
import { newId } from "../../lib/ids.ts";
import { recordDecision } from "../audit.ts";
import { applyOwnership, lockConversation } from "../conversations.ts";
import type { WidgetInbound } from "./widget-inbound.ts";

type ChatEventRow = typeof chatEvents.$inferSelect;

const inboundOf = (e: ChatEventRow): WidgetInbound => ({
  conversationId: e.conversationId,
  eventId: e.id,
  type: e.type,
  authorType: e.authorType,
  authorId: e.authorId,
  text: e.text,
  metadata: e.metadata,
});

/**
 * The built-in chat engine's hooks into the bot, each one call inside the engine's own transaction:
 * a new chat is held for the bot (status `bot`, no routing) when a widget bot inbox is on for its group; a
 * visitor's message in a chat the bot has seen goes to the bot through a durable job; a human agent's message
 * takes the chat over at once (under the chat's row lock, so an answer being sent sees it).
 */

/** The enabled widget bot inbox for a chat group: one naming the group, else one for every group. */
async function widgetInboxFor(tx: DbOrTx, workspaceId: string, groupId: string): Promise<string | null> {
  const rows = await tx
    .select({ id: botInboxes.id, group: sql<string | null>`${botInboxes.settings}->>'externalInboxId'` })
    .from(botInboxes)
    .where(
      and(
        eq(botInboxes.workspaceId, workspaceId),
        sql`${botInboxes.settings}->>'channel' = 'widget'`,
        sql`(${botInboxes.settings}->>'enabled')::boolean`,
        sql`(${botInboxes.settings}->>'externalInboxId' is null or ${botInboxes.settings}->>'externalInboxId' = ${groupId})`,
      ),
    );
  return (rows.find((r) => r.group === groupId) ?? rows[0])?.id ?? null;
}

async function handOver(tx: DbOrTx, workspaceId: string, inboxId: string, row: ChatEventRow): Promise<void> {
  const event = inboundOf(row);
  const id = newId("bev");
  const rows = await tx
    .insert(botInbound)
    .values({ id, workspaceId, inboxId, dedupeKey: event.eventId, body: event })
    .onConflictDoNothing()
    .returning({ id: botInbound.id });
  if (rows.length > 0)
    await enqueue(
      tx,
      "bot-handle",
      { inboundId: id },
      { queue: `bot:${inboxId}:${event.conversationId}`.slice(0, 120) },
    );
}

/** A new chat: held for the bot when its group has the bot on. Returns whether it was (the caller skips routing). */
export async function holdNewChatForBot(
  tx: DbOrTx,
  input: { workspaceId: string; groupId: string; event: ChatEventRow },
): Promise<boolean> {
  const inboxId = await widgetInboxFor(tx, input.workspaceId, input.groupId);
  if (!inboxId) return false;
  await tx
    .update(chatConversations)
    .set({ status: "bot" })
    .where(
      and(eq(chatConversations.workspaceId, input.workspaceId), eq(chatConversations.id, input.event.conversationId)),
    );
  await lockConversation(tx, {
    workspaceId: input.workspaceId,
    inboxId,
    externalId: input.event.conversationId,
    contactKey: input.event.authorId ? `widget:${input.event.authorId}` : null,
  });
  await handOver(tx, input.workspaceId, inboxId, input.event);
  return true;
}

const botConversationOf = (tx: DbOrTx, workspaceId: string, conversationId: string) =>
  tx
    .select()
    .from(botConversations)
    .where(and(eq(botConversations.workspaceId, workspaceId), eq(botConversations.externalId, conversationId)))
    .limit(1)
    .for("update");

/** A visitor's message: to the bot when the bot has seen this chat (the job decides whether it may answer). */
export async function visitorMessageToBot(tx: DbOrTx, workspaceId: string, event: ChatEventRow): Promise<void> {
  const [conv] = await botConversationOf(tx, workspaceId, event.conversationId);
  if (conv) await handOver(tx, workspaceId, conv.inboxId, event);
}

/** A human agent's message: the bot is silent in this chat from now on, until it is explicitly given back. */
export async function humanTookOverFromBot(tx: DbOrTx, workspaceId: string, conversationId: string): Promise<void> {
  const [conv] = await botConversationOf(tx, workspaceId, conversationId);
  if (!conv) return;
  const owner = await applyOwnership(tx, conv, { type: "human_message" });
  await tx.update(botConversations).set({ lastAuthor: "human" }).where(eq(botConversations.id, conv.id));
  if (owner !== conv.owner)
    await recordDecision(tx, {
      workspaceId,
      inboxId: conv.inboxId,
      conversationId,
      decision: "ownership",
      reason: `${conv.owner} → ${owner}: a human agent wrote in the chat`,
    });
}
