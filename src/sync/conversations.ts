import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { conversations, messages } from "../db/schema/index.ts";
import type { ChatMessage, DomainEvent } from "../domain/events.ts";
import type { EventHandler } from "../jobs/process-webhook.ts";
import { newId } from "../lib/ids.ts";
import { agentsByIdentity } from "./agent-engine.ts";
import { onCallEvent } from "./calls.ts";
import { notifyLive } from "./live.ts";
import { postToAgent, scheduleMirror } from "./team-messaging.ts";

type Ctx = Parameters<EventHandler>[1];

/** Keeps conversation records and messages, and tells the agent's phone side about chats (PRODUCT §2.4). */
export const conversationHandler: EventHandler = async (tx, ctx, event) => {
  switch (event.type) {
    case "chat.started":
      return chatStarted(tx, ctx, event);
    case "chat.message":
      return chatMessage(tx, ctx, event);
    case "chat.ended":
      return chatEnded(tx, ctx, event);
    case "chat.assigned": {
      const [agentId] = await agentsByIdentity(tx, ctx.workspaceId, ctx.connectionId, event.agentIds);
      await tx
        .update(conversations)
        .set({
          agentId: agentId ?? null,
          details: sql`jsonb_set(${conversations.details}, '{previousAgentIds}', coalesce(${conversations.details}->'previousAgentIds', '[]'::jsonb) || to_jsonb(array_remove(array[${conversations.agentId}], null)))`,
          updatedAt: new Date(ctx.nowMs),
        })
        .where(chatKey(ctx, event.chatId));
      return;
    }
    case "conversation.status_changed":
      await tx
        .update(conversations)
        .set({ status: event.status === "open" ? "active" : event.status, updatedAt: new Date(ctx.nowMs) })
        .where(chatKey(ctx, event.chatId));
      return;
    case "call.updated":
      return onCallEvent(tx, ctx, event);
    default:
      return;
  }
};

const chatKey = (ctx: Ctx, chatId: string) =>
  and(
    eq(conversations.connectionId, ctx.connectionId),
    eq(conversations.channel, "chat"),
    eq(conversations.externalId, chatId),
  );

async function chatStarted(tx: Tx, ctx: Ctx, event: Extract<DomainEvent, { type: "chat.started" }>): Promise<void> {
  const [agentId] = await agentsByIdentity(tx, ctx.workspaceId, ctx.connectionId, event.agentIds);
  const id = newId("cnv");
  const inserted = await tx
    .insert(conversations)
    .values({
      id,
      workspaceId: ctx.workspaceId,
      connectionId: ctx.connectionId,
      platform: event.platform,
      channel: "chat",
      externalId: event.chatId,
      agentId: agentId ?? null,
      customer: event.customer,
      status: "active",
      startedAt: new Date(event.at),
      details: event.threadId ? { threadId: event.threadId } : {},
    })
    // A returning LiveChat customer opens a new thread in the same chat: the record becomes active again.
    .onConflictDoUpdate({
      target: [conversations.connectionId, conversations.channel, conversations.externalId],
      set: { status: "active", endedAt: null, agentId: agentId ?? null, updatedAt: new Date(ctx.nowMs) },
    })
    .returning({ id: conversations.id });
  const conversationId = inserted[0]?.id ?? id;
  await notifyLive(tx, { workspaceId: ctx.workspaceId, type: "conversation.updated", id: conversationId });
  await storeMessages(tx, ctx.workspaceId, conversationId, event.messages);
  if (agentId) {
    const who =
      [event.customer.name, event.customer.email, event.customer.phone].filter(Boolean).join(" · ") || "a visitor";
    const first = event.messages.find((m) => m.authorType === "customer")?.text;
    const text = `New ${label(event.platform)} chat with ${who}${first ? `\n> ${first}` : ""}\n(chat ${event.chatId})`;
    await postToAgent(
      tx,
      ctx.workspaceId,
      agentId,
      text,
      `tm:chat-start:${conversationId}:${event.threadId ?? event.at}`,
      ctx.eventId,
    );
  }
}

async function chatMessage(tx: Tx, ctx: Ctx, event: Extract<DomainEvent, { type: "chat.message" }>): Promise<void> {
  const [conversation] = await tx
    .select({ id: conversations.id, agentId: conversations.agentId })
    .from(conversations)
    .where(chatKey(ctx, event.chatId));
  if (!conversation) return;
  const stored = await storeMessages(tx, ctx.workspaceId, conversation.id, [event.message]);
  if (stored > 0 && conversation.agentId && !event.message.private && event.message.authorType !== "agent") {
    await scheduleMirror(tx, conversation.id);
  }
}

async function chatEnded(tx: Tx, ctx: Ctx, event: Extract<DomainEvent, { type: "chat.ended" }>): Promise<void> {
  const [conversation] = await tx
    .update(conversations)
    .set({ status: "ended", endedAt: new Date(event.at), updatedAt: new Date(ctx.nowMs) })
    .where(and(chatKey(ctx, event.chatId), eq(conversations.status, "active")))
    .returning({
      id: conversations.id,
      agentId: conversations.agentId,
      customer: conversations.customer,
      platform: conversations.platform,
    });
  if (conversation) {
    await notifyLive(tx, { workspaceId: ctx.workspaceId, type: "conversation.updated", id: conversation.id });
  }
  if (!conversation?.agentId) return;
  const transcript = await tx
    .select({ authorType: messages.authorType, text: messages.text, at: messages.at })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.private, false)))
    .orderBy(messages.at)
    .limit(200);
  const lines = transcript.map((m) => `${m.at.toISOString().slice(11, 16)} ${m.authorType}: ${m.text}`);
  const text = `${label(conversation.platform)} chat ${event.chatId} ended.\nTranscript:\n${lines.join("\n") || "(no messages)"}`;
  await postToAgent(
    tx,
    ctx.workspaceId,
    conversation.agentId,
    text.slice(0, 9000),
    `tm:chat-end:${conversation.id}:${event.at}`,
    ctx.eventId,
  );
}

export async function storeMessages(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  list: ChatMessage[],
): Promise<number> {
  if (list.length === 0) return 0;
  const rows = await tx
    .insert(messages)
    .values(
      list.map((m) => ({
        id: newId("msg"),
        workspaceId,
        conversationId,
        externalId: m.id,
        authorType: m.authorType,
        authorId: m.authorId,
        text: m.text,
        private: m.private ?? false,
        at: new Date(m.at),
      })),
    )
    .onConflictDoNothing({ target: [messages.conversationId, messages.externalId] })
    .returning({ id: messages.id });
  return rows.length;
}

const label = (platform: string) =>
  platform === "livechat" ? "LiveChat" : platform === "chatwoot" ? "Chatwoot" : platform;
