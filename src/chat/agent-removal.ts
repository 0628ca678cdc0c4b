import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations } from "../db/schema/index.ts";
import { requeue } from "./lifecycle.ts";
import type { ChatNotice } from "./notices.ts";
import { lockConversation } from "./store.ts";

/** A deleted agent's open built-in chats go back to their groups' queues (first in line: their original time). */
export async function requeueAgentChats(
  tx: DbOrTx,
  workspaceId: string,
  agentId: string,
  nowMs: number,
): Promise<ChatNotice[]> {
  const open = await tx
    .select({ id: chatConversations.id })
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.workspaceId, workspaceId),
        eq(chatConversations.agentId, agentId),
        eq(chatConversations.status, "assigned"),
      ),
    );
  const notices: ChatNotice[] = [];
  for (const { id } of open) {
    const conv = await lockConversation(tx, workspaceId, id);
    if (conv?.status !== "assigned") continue;
    notices.push(...(await requeue(tx, conv, { groupId: conv.groupId, nowMs, reason: "agent deleted" })).notices);
  }
  return notices;
}
