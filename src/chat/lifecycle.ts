import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agents, chatConversations } from "../db/schema/index.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import { endBuiltinChat, startBuiltinChat } from "./engagement.ts";
import type { ChatNotice } from "./notices.ts";
import { appendEvent, type ConversationRow, closeThread, lockConversation, openThread } from "./store.ts";

export type LifecycleResult = { conversation: ConversationRow; notices: ChatNotice[] };

async function agentName(tx: DbOrTx, agentId: string): Promise<string> {
  const [row] = await tx.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId));
  return row?.name ?? "An agent";
}

/**
 * Gives a conversation to an agent (routing, a person picking it, or a transfer), in the caller's transaction
 * holding the conversation's lock. As in LiveChat's thread model, the active thread closes with a system event
 * and a new one opens with "<agent> joined". The caller has checked the agent's capacity where it matters.
 */
export async function assignToAgent(
  tx: DbOrTx,
  conv: ConversationRow,
  input: { agentId: string; nowMs: number; reason: string },
): Promise<LifecycleResult> {
  const notices: ChatNotice[] = [];
  const { workspaceId } = conv;
  const name = await agentName(tx, input.agentId);
  if (conv.activeThreadId) {
    const note = conv.agentId ? `Transferred to ${name}` : `Assigned to ${name}`;
    const closed = await appendEvent(tx, {
      workspaceId,
      conversationId: conv.id,
      threadId: conv.activeThreadId,
      type: "system",
      authorType: "system",
      text: note,
      metadata: { reason: input.reason, to: input.agentId, from: conv.agentId },
      nowMs: input.nowMs,
    });
    notices.push(closed.notice);
    await closeThread(tx, workspaceId, conv.activeThreadId, input.nowMs);
  }
  if (conv.agentId && conv.agentId !== input.agentId && conv.status === "assigned") {
    await endBuiltinChat(tx, { workspaceId, agentId: conv.agentId, conversationId: conv.id, nowMs: input.nowMs });
  }
  const threadId = await openThread(tx, {
    workspaceId,
    conversationId: conv.id,
    agentId: input.agentId,
    nowMs: input.nowMs,
  });
  const joined = await appendEvent(tx, {
    workspaceId,
    conversationId: conv.id,
    threadId,
    type: "system",
    authorType: "system",
    text: `${name} joined the chat`,
    metadata: { kind: "agent_joined", agentId: input.agentId, agentName: name },
    nowMs: input.nowMs,
  });
  notices.push(joined.notice);
  const [updated] = await tx
    .update(chatConversations)
    .set({
      status: "assigned",
      agentId: input.agentId,
      assignedAt: new Date(input.nowMs),
      updatedAt: new Date(input.nowMs),
    })
    .where(and(eq(chatConversations.id, conv.id), eq(chatConversations.workspaceId, workspaceId)))
    .returning();
  if (conv.agentId !== input.agentId || conv.status !== "assigned")
    await startBuiltinChat(tx, { workspaceId, agentId: input.agentId, conversationId: conv.id, nowMs: input.nowMs });
  notices.push({ k: "c", w: workspaceId, c: conv.id, a: input.agentId }, { k: "q", w: workspaceId });
  return { conversation: updated ?? conv, notices };
}

/** Sends a conversation (back) to a group's queue: a transfer to a group, or an agent who let it go. */
export async function requeue(
  tx: DbOrTx,
  conv: ConversationRow,
  input: { groupId: string; nowMs: number; reason: string },
): Promise<LifecycleResult> {
  const notices: ChatNotice[] = [];
  const { workspaceId } = conv;
  if (conv.activeThreadId) {
    const note = await appendEvent(tx, {
      workspaceId,
      conversationId: conv.id,
      threadId: conv.activeThreadId,
      type: "system",
      authorType: "system",
      text: "Transferred to the queue",
      metadata: { reason: input.reason, groupId: input.groupId, from: conv.agentId },
      nowMs: input.nowMs,
    });
    notices.push(note.notice);
  }
  if (conv.agentId && conv.status === "assigned")
    await endBuiltinChat(tx, { workspaceId, agentId: conv.agentId, conversationId: conv.id, nowMs: input.nowMs });
  const [updated] = await tx
    .update(chatConversations)
    .set({
      status: "queued",
      agentId: null,
      groupId: input.groupId,
      queuedAt: new Date(input.nowMs),
      updatedAt: new Date(input.nowMs),
    })
    .where(and(eq(chatConversations.id, conv.id), eq(chatConversations.workspaceId, workspaceId)))
    .returning();
  await wakeRouting(tx, workspaceId);
  notices.push({ k: "c", w: workspaceId, c: conv.id, a: null }, { k: "q", w: workspaceId });
  return { conversation: updated ?? conv, notices };
}

/** Closes a conversation: a system event, the thread closed, the agent's engagement ended (freeing capacity). */
export async function closeConversation(
  tx: DbOrTx,
  workspaceId: string,
  id: string,
  input: { nowMs: number; by: string },
): Promise<LifecycleResult | null> {
  const conv = await lockConversation(tx, workspaceId, id);
  if (!conv) return null;
  if (conv.status === "closed") return { conversation: conv, notices: [] };
  const notices: ChatNotice[] = [];
  if (conv.activeThreadId) {
    const ev = await appendEvent(tx, {
      workspaceId,
      conversationId: conv.id,
      threadId: conv.activeThreadId,
      type: "system",
      authorType: "system",
      text: "Chat closed",
      metadata: { kind: "closed", by: input.by },
      nowMs: input.nowMs,
    });
    notices.push(ev.notice);
    await closeThread(tx, workspaceId, conv.activeThreadId, input.nowMs);
  }
  const [updated] = await tx
    .update(chatConversations)
    .set({ status: "closed", closedAt: new Date(input.nowMs), updatedAt: new Date(input.nowMs) })
    .where(eq(chatConversations.id, conv.id))
    .returning();
  if (conv.agentId && conv.status === "assigned")
    await endBuiltinChat(tx, { workspaceId, agentId: conv.agentId, conversationId: conv.id, nowMs: input.nowMs });
  // Capacity freed: the queue may move.
  await wakeRouting(tx, workspaceId);
  notices.push({ k: "c", w: workspaceId, c: conv.id, a: conv.agentId }, { k: "q", w: workspaceId });
  return { conversation: updated ?? conv, notices };
}
