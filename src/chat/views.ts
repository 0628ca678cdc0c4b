import { inArray } from "drizzle-orm";
import type { ChatConversationDto, ChatEventDto } from "../api/chat-contracts.ts";
import type { DbOrTx } from "../db/database.ts";
import { chatVisitors } from "../db/schema/index.ts";
import { queuePosition } from "./queue.ts";
import type { ChatEventRow, ConversationRow } from "./store.ts";

export const eventDto = (e: ChatEventRow): ChatEventDto => ({
  id: e.id,
  conversationId: e.conversationId,
  threadId: e.threadId,
  sequence: e.sequence,
  position: e.position,
  type: e.type,
  authorType: e.authorType,
  authorId: e.authorId,
  text: e.text,
  metadata: e.metadata,
  createdAt: e.createdAt.toISOString(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Conversations as the API shows them, with their visitor and (when waiting) their place in the queue. */
export async function conversationDtos(db: DbOrTx, rows: ConversationRow[]): Promise<ChatConversationDto[]> {
  if (rows.length === 0) return [];
  const visitors = new Map(
    (
      await db
        .select()
        .from(chatVisitors)
        .where(
          inArray(
            chatVisitors.id,
            rows.map((r) => r.visitorId),
          ),
        )
    ).map((v) => [v.id, v]),
  );
  return Promise.all(
    rows.map(async (c) => {
      const v = visitors.get(c.visitorId);
      return {
        id: c.id,
        status: c.status,
        agentId: c.agentId,
        groupId: c.groupId,
        activeThreadId: c.activeThreadId,
        visitor: { id: c.visitorId, name: v?.name ?? null, email: v?.email ?? null },
        customerId: v?.customerId ?? null,
        tagIds: c.tagIds,
        queuePosition: await queuePosition(db, c),
        lastPosition: c.lastPosition,
        agentReadPosition: c.agentReadPosition,
        visitorReadPosition: c.visitorReadPosition,
        queuedAt: c.queuedAt.toISOString(),
        assignedAt: iso(c.assignedAt),
        firstResponseAt: iso(c.firstResponseAt),
        closedAt: iso(c.closedAt),
        createdAt: c.createdAt.toISOString(),
      };
    }),
  );
}
