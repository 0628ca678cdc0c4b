import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { chatConversations, chatOffers } from "../db/schema/index.ts";

export type BuiltinChatStats = {
  chatsHandled: number;
  activeChats: number;
  averageFirstResponseSeconds: number | null;
  averageHandleSeconds: number | null;
  missedOffers: number;
};

const round = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10;

/** An agent's built-in chats assigned within [from, to): handled (closed), active, first response, handle time. */
export async function builtinChatStats(
  db: DbOrTx,
  input: { workspaceId: string; agentId: string; from: Date; to: Date },
): Promise<BuiltinChatStats> {
  const c = chatConversations;
  const [s] = await db
    .select({
      handled: sql<number>`count(*) filter (where ${c.status} = 'closed')::int`,
      active: sql<number>`count(*) filter (where ${c.status} = 'assigned')::int`,
      firstResponse: sql<number | null>`avg(extract(epoch from ${c.firstResponseAt} - ${c.assignedAt}))::float8`,
      handle: sql<
        number | null
      >`(avg(extract(epoch from ${c.closedAt} - ${c.assignedAt})) filter (where ${c.status} = 'closed'))::float8`,
    })
    .from(c)
    .where(
      and(
        eq(c.workspaceId, input.workspaceId),
        eq(c.agentId, input.agentId),
        gte(c.assignedAt, input.from),
        lt(c.assignedAt, input.to),
      ),
    );
  const [missed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(chatOffers)
    .where(
      and(
        eq(chatOffers.workspaceId, input.workspaceId),
        eq(chatOffers.agentId, input.agentId),
        eq(chatOffers.status, "missed"),
        gte(chatOffers.createdAt, input.from),
        lt(chatOffers.createdAt, input.to),
      ),
    );
  return {
    chatsHandled: s?.handled ?? 0,
    activeChats: s?.active ?? 0,
    averageFirstResponseSeconds: round(s?.firstResponse),
    averageHandleSeconds: round(s?.handle),
    missedOffers: missed?.n ?? 0,
  };
}
