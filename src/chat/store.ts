import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import {
  type ChatAuthorType,
  type ChatEventType,
  chatConversations,
  chatEvents,
  chatThreads,
} from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import type { ChatNotice } from "./notices.ts";

export type ConversationRow = typeof chatConversations.$inferSelect;
export type ChatEventRow = typeof chatEvents.$inferSelect;

/** Locks the conversation row (every change to a conversation takes it first) and returns it. */
export async function lockConversation(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  const [row] = await tx
    .select()
    .from(chatConversations)
    .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.id, id)))
    .for("update");
  return row;
}

export type NewChatEvent = {
  workspaceId: string;
  conversationId: string;
  threadId: string;
  type: ChatEventType;
  authorType: ChatAuthorType;
  authorId?: string | null;
  text: string;
  metadata?: Record<string, unknown>;
  nowMs: number;
};

/**
 * Appends an immutable event: the next sequence in its thread and the next position in its conversation, both
 * taken under the rows' locks, so they commit in order. The notice is for the caller to publish after commit.
 */
export async function appendEvent(tx: DbOrTx, e: NewChatEvent): Promise<{ event: ChatEventRow; notice: ChatNotice }> {
  const [conv] = await tx
    .update(chatConversations)
    .set({ lastPosition: sql`${chatConversations.lastPosition} + 1`, updatedAt: new Date(e.nowMs) })
    .where(and(eq(chatConversations.id, e.conversationId), eq(chatConversations.workspaceId, e.workspaceId)))
    .returning({ position: chatConversations.lastPosition });
  const [thread] = await tx
    .update(chatThreads)
    .set({ lastSequence: sql`${chatThreads.lastSequence} + 1` })
    .where(and(eq(chatThreads.id, e.threadId), eq(chatThreads.conversationId, e.conversationId)))
    .returning({ sequence: chatThreads.lastSequence });
  if (!conv || !thread) throw new Error(`conversation ${e.conversationId} or thread ${e.threadId} is missing`);
  const [event] = await tx
    .insert(chatEvents)
    .values({
      id: newId("cev", e.nowMs),
      workspaceId: e.workspaceId,
      conversationId: e.conversationId,
      threadId: e.threadId,
      sequence: thread.sequence,
      position: conv.position,
      type: e.type,
      authorType: e.authorType,
      authorId: e.authorId ?? null,
      text: e.text,
      metadata: e.metadata ?? {},
      createdAt: new Date(e.nowMs),
    })
    .returning();
  if (!event) throw new Error("event insert returned nothing");
  return { event, notice: { k: "e", w: e.workspaceId, c: e.conversationId, p: conv.position } };
}

/** Opens a new thread and makes it the conversation's active one. */
export async function openThread(
  tx: DbOrTx,
  input: { workspaceId: string; conversationId: string; agentId: string | null; nowMs: number },
): Promise<string> {
  const id = newId("thr", input.nowMs);
  await tx.insert(chatThreads).values({
    id,
    workspaceId: input.workspaceId,
    conversationId: input.conversationId,
    agentId: input.agentId,
    createdAt: new Date(input.nowMs),
  });
  await tx
    .update(chatConversations)
    .set({ activeThreadId: id })
    .where(and(eq(chatConversations.id, input.conversationId), eq(chatConversations.workspaceId, input.workspaceId)));
  return id;
}

export async function closeThread(tx: DbOrTx, workspaceId: string, threadId: string, nowMs: number): Promise<void> {
  await tx
    .update(chatThreads)
    .set({ status: "closed", closedAt: new Date(nowMs) })
    .where(and(eq(chatThreads.id, threadId), eq(chatThreads.workspaceId, workspaceId)));
}

/** A conversation's events after a position, in order (the resume read). */
export async function eventsAfter(
  db: DbOrTx,
  workspaceId: string,
  conversationId: string,
  afterPosition: number,
  limit = 500,
): Promise<ChatEventRow[]> {
  return db
    .select()
    .from(chatEvents)
    .where(
      and(
        eq(chatEvents.workspaceId, workspaceId),
        eq(chatEvents.conversationId, conversationId),
        gt(chatEvents.position, afterPosition),
      ),
    )
    .orderBy(asc(chatEvents.position))
    .limit(limit);
}
