import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations } from "../db/schema/index.ts";
import { type AgentState, availabilityFacts, type Policy } from "../domain/availability/index.ts";
import { enqueue } from "../jobs/enqueue.ts";

/** Did this step free room for a chat: less load on any channel, or the person back to available? */
export function freedRoom(before: AgentState, after: AgentState, policy: Policy): boolean {
  if (before.intent.status !== "available" && after.intent.status === "available") return true;
  return availabilityFacts(after, policy).load < availabilityFacts(before, policy).load;
}

/**
 * Asks the worker to route the workspace's built-in chat queue, when anything waits. The job key keeps one
 * pending run per workspace; a run in progress gets one follow-up, so no freed capacity is missed.
 */
export async function wakeRouting(tx: DbOrTx, workspaceId: string, onlyIfQueued = false): Promise<void> {
  if (onlyIfQueued) {
    const waiting = await tx
      .select({ id: chatConversations.id })
      .from(chatConversations)
      .where(and(eq(chatConversations.workspaceId, workspaceId), eq(chatConversations.status, "queued")))
      .limit(1);
    if (waiting.length === 0) return;
  }
  await enqueue(tx, "chat-route", { workspaceId }, { jobKey: `chat-route:${workspaceId}` });
}
