import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations, chatEvents, chatThreads } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { startBuiltinChats } from "./engagement.ts";
import type { ChatNotice } from "./notices.ts";
import type { ConversationRow } from "./store.ts";

/** One queued conversation routing gave to an agent; `conv` is the row as locked by the routing transaction. */
export type Assignment = { conv: ConversationRow; agentId: string; agentName: string; why: string };

/**
 * Writes a routing pass's assignments with a handful of multi-row statements, whatever their number: the active
 * threads closed (each with its "Assigned to" event), the new threads opened (each with "<agent> joined"), the
 * conversations moved to `assigned`, and one availability engine step per agent for all of its new chats.
 * The same rows and events as `assignToAgent`, one chat at a time. The caller holds every conversation's lock
 * (so positions and sequences are theirs to take) and the agents' locks, and passes queued conversations only.
 */
export async function writeAssignments(
  tx: DbOrTx,
  workspaceId: string,
  assignments: readonly Assignment[],
  nowMs: number,
): Promise<ChatNotice[]> {
  if (assignments.length === 0) return [];
  const now = new Date(nowMs);
  const closing = assignments.flatMap((a) => (a.conv.activeThreadId ? [a.conv.activeThreadId] : []));
  const sequences = new Map<string, number>();
  if (closing.length > 0) {
    const closed = await tx
      .update(chatThreads)
      .set({ status: "closed", closedAt: now, lastSequence: sql`${chatThreads.lastSequence} + 1` })
      .where(and(eq(chatThreads.workspaceId, workspaceId), inArray(chatThreads.id, closing)))
      .returning({ id: chatThreads.id, sequence: chatThreads.lastSequence });
    for (const r of closed) sequences.set(r.id, r.sequence);
  }
  const rows = assignments.map((a) => {
    const oldThread = a.conv.activeThreadId;
    const closeSequence = oldThread ? sequences.get(oldThread) : undefined;
    return { ...a, threadId: newId("thr", nowMs), closeSequence, oldThread };
  });
  await tx.insert(chatThreads).values(
    rows.map((r) => ({
      id: r.threadId,
      workspaceId,
      conversationId: r.conv.id,
      agentId: r.agentId,
      lastSequence: 1,
      createdAt: now,
    })),
  );
  const events: (typeof chatEvents.$inferInsert)[] = [];
  const notices: ChatNotice[] = [];
  const positions = new Map<string, number>();
  for (const r of rows) {
    let position = r.conv.lastPosition;
    if (r.oldThread && r.closeSequence !== undefined) {
      position++;
      events.push({
        id: newId("cev", nowMs),
        workspaceId,
        conversationId: r.conv.id,
        threadId: r.oldThread,
        sequence: r.closeSequence,
        position,
        type: "system",
        authorType: "system",
        text: r.conv.agentId ? `Transferred to ${r.agentName}` : `Assigned to ${r.agentName}`,
        metadata: { reason: r.why, to: r.agentId, from: r.conv.agentId },
        createdAt: now,
      });
      notices.push({ k: "e", w: workspaceId, c: r.conv.id, p: position });
    }
    position++;
    events.push({
      id: newId("cev", nowMs),
      workspaceId,
      conversationId: r.conv.id,
      threadId: r.threadId,
      sequence: 1,
      position,
      type: "system",
      authorType: "system",
      text: `${r.agentName} joined the chat`,
      metadata: { kind: "agent_joined", agentId: r.agentId, agentName: r.agentName },
      createdAt: now,
    });
    positions.set(r.conv.id, position);
    notices.push(
      { k: "e", w: workspaceId, c: r.conv.id, p: position },
      { k: "c", w: workspaceId, c: r.conv.id, a: r.agentId },
    );
  }
  await tx.insert(chatEvents).values(events);
  const values = sql.join(
    rows.map((r) => sql`(${r.conv.id}, ${r.agentId}, ${r.threadId}, ${positions.get(r.conv.id)}::int)`),
    sql`, `,
  );
  await tx.execute(sql`
    update ${chatConversations} as c
       set status = 'assigned', agent_id = v.agent_id, active_thread_id = v.thread_id, last_position = v.position,
           assigned_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as v(id, agent_id, thread_id, position)
     where c.id = v.id and c.workspace_id = ${workspaceId}`);
  const byAgent = new Map<string, string[]>();
  for (const r of rows) byAgent.set(r.agentId, [...(byAgent.get(r.agentId) ?? []), r.conv.id]);
  await startBuiltinChats(tx, { workspaceId, chats: byAgent, nowMs });
  return notices;
}
