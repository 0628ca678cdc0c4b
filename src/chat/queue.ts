import { and, eq, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations } from "../db/schema/index.ts";
import type { ConversationRow } from "./store.ts";

/** 1-based place in the group's FIFO queue; null when the conversation is not waiting. */
export async function queuePosition(db: DbOrTx, conv: ConversationRow): Promise<number | null> {
  if (conv.status !== "queued") return null;
  const [row] = await db
    .select({ ahead: sql<number>`count(*)::int` })
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.workspaceId, conv.workspaceId),
        eq(chatConversations.groupId, conv.groupId),
        eq(chatConversations.status, "queued"),
        or(
          lt(chatConversations.queuedAt, conv.queuedAt),
          and(eq(chatConversations.queuedAt, conv.queuedAt), lt(chatConversations.id, conv.id)),
        ),
      ),
    );
  return (row?.ahead ?? 0) + 1;
}
