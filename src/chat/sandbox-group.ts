import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { agentIdentities, chatConversations, chatGroupMembers, chatGroups, connections } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";

export const SANDBOX_GROUP_NAME = "Website";

/**
 * Sandbox mode: a default built-in chat group holding the demo team (the agents discovered on the sandboxes' chat platforms),
 * so the widget works out of the box. Built-in chats left open by the last run are closed, as the sandboxes'
 * own conversations are: the agents' states start over.
 */
export async function ensureSandboxChatGroup(db: Db, workspaceId: string, nowMs: number): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`sandbox-chat:${workspaceId}`}, 0))`);
    await tx
      .update(chatConversations)
      .set({ status: "closed", closedAt: new Date(nowMs), updatedAt: new Date(nowMs) })
      .where(and(eq(chatConversations.workspaceId, workspaceId), ne(chatConversations.status, "closed")));
    const [existing] = await tx
      .select({ id: chatGroups.id })
      .from(chatGroups)
      .where(
        and(eq(chatGroups.workspaceId, workspaceId), eq(chatGroups.isDefault, true), isNull(chatGroups.deletedAt)),
      );
    const groupId = existing?.id ?? newId("grp", nowMs);
    if (!existing)
      await tx
        .insert(chatGroups)
        .values({
          id: groupId,
          workspaceId,
          name: SANDBOX_GROUP_NAME,
          routingStrategy: "least_loaded",
          isDefault: true,
        })
        .onConflictDoNothing();
    const team = await tx
      .selectDistinct({ agentId: agentIdentities.agentId })
      .from(agentIdentities)
      .where(
        and(
          eq(agentIdentities.workspaceId, workspaceId),
          inArray(
            agentIdentities.connectionId,
            tx
              .select({ id: connections.id })
              .from(connections)
              .where(
                and(
                  eq(connections.workspaceId, workspaceId),
                  inArray(connections.platform, ["livechat", "chatwoot"]),
                  sql`${connections.settings}->>'sandbox' = 'true'`,
                ),
              ),
          ),
        ),
      );
    if (team.length > 0)
      await tx
        .insert(chatGroupMembers)
        .values(team.map((t) => ({ workspaceId, groupId, agentId: t.agentId })))
        .onConflictDoNothing();
    return groupId;
  });
}
