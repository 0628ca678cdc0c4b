import { and, eq, isNull } from "drizzle-orm";
import { humanTookOverFromBot, visitorMessageToBot } from "../bot/channels/widget-intake.ts";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations, chatThreads } from "../db/schema/index.ts";
import type { ChatNotice } from "./notices.ts";
import { appendEvent, type ChatEventRow, lockConversation } from "./store.ts";

export type PostOutcome =
  | { kind: "posted"; event: ChatEventRow; notices: ChatNotice[] }
  | { kind: "not_found" }
  | { kind: "closed" }
  | { kind: "not_active" }
  | { kind: "not_yours" };

/** A visitor's message into their conversation's active thread. */
export async function postVisitorMessage(
  tx: DbOrTx,
  input: { workspaceId: string; visitorId: string; conversationId: string; text: string; nowMs: number },
): Promise<PostOutcome> {
  const conv = await lockConversation(tx, input.workspaceId, input.conversationId);
  if (!conv || conv.visitorId !== input.visitorId) return { kind: "not_found" };
  if (conv.status === "closed" || !conv.activeThreadId) return { kind: "closed" };
  const { event, notice } = await appendEvent(tx, {
    workspaceId: input.workspaceId,
    conversationId: conv.id,
    threadId: conv.activeThreadId,
    type: "message",
    authorType: "visitor",
    authorId: input.visitorId,
    text: input.text,
    nowMs: input.nowMs,
  });
  await visitorMessageToBot(tx, input.workspaceId, event);
  return { kind: "posted", event, notices: [notice] };
}

/**
 * An agent's message into a thread. Only the conversation's active thread takes messages; `mustOwn` (people
 * with the agent role) also requires the conversation to be theirs. The first agent reply is timed for stats.
 */
export async function postAgentMessage(
  tx: DbOrTx,
  input: {
    workspaceId: string;
    threadId: string;
    agentId: string;
    mustOwn: boolean;
    text: string;
    metadata?: Record<string, unknown>;
    nowMs: number;
  },
): Promise<PostOutcome> {
  const [thread] = await tx
    .select()
    .from(chatThreads)
    .where(and(eq(chatThreads.id, input.threadId), eq(chatThreads.workspaceId, input.workspaceId)));
  if (!thread) return { kind: "not_found" };
  const conv = await lockConversation(tx, input.workspaceId, thread.conversationId);
  if (!conv) return { kind: "not_found" };
  if (conv.status === "closed") return { kind: "closed" };
  if (conv.activeThreadId !== thread.id) return { kind: "not_active" };
  if (input.mustOwn && conv.agentId !== input.agentId) return { kind: "not_yours" };
  const { event, notice } = await appendEvent(tx, {
    workspaceId: input.workspaceId,
    conversationId: conv.id,
    threadId: thread.id,
    type: "message",
    authorType: "agent",
    authorId: input.agentId,
    text: input.text,
    metadata: input.metadata ?? {},
    nowMs: input.nowMs,
  });
  await tx
    .update(chatConversations)
    .set({ firstResponseAt: new Date(input.nowMs) })
    .where(and(eq(chatConversations.id, conv.id), isNull(chatConversations.firstResponseAt)));
  await humanTookOverFromBot(tx, input.workspaceId, conv.id);
  return { kind: "posted", event, notices: [notice] };
}
