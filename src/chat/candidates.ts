import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agents, chatGroupMembers } from "../db/schema/index.ts";
import { type AgentState, agentStateSchema, initialAgentState, resolvePolicy } from "../domain/availability/index.ts";
import type { RoutingCandidate } from "./routing.ts";

type AgentRow = typeof agents.$inferSelect;

/** The agent's engine state as runEngineStep sees it: stored state with the row's capacity and costs. */
export function stateOf(row: AgentRow): AgentState {
  const base = row.state ? agentStateSchema.parse(row.state) : initialAgentState();
  return { ...base, capacity: row.capacity, costs: { call: row.callCost, chat: row.chatCost } };
}

export const candidateOf = (row: AgentRow, members: ReadonlySet<string>): RoutingCandidate => ({
  agentId: row.id,
  deleted: row.deletedAt !== null,
  inGroup: members.has(row.id),
  chatEnabled: row.chatEnabled,
  maxChats: row.maxChats,
  state: stateOf(row),
  policy: resolvePolicy(row.policy),
});

export async function groupMembers(tx: DbOrTx, workspaceId: string, groupId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ agentId: chatGroupMembers.agentId })
    .from(chatGroupMembers)
    .where(and(eq(chatGroupMembers.workspaceId, workspaceId), eq(chatGroupMembers.groupId, groupId)));
  return new Set(rows.map((r) => r.agentId));
}

/**
 * Every agent routing should explain: the workspace's agents plus deleted group members. The group's members
 * are locked (FOR UPDATE, in id order so two routers cannot deadlock): no event, call or other chat can change
 * their load until the caller's transaction commits.
 */
export async function loadCandidates(
  tx: DbOrTx,
  workspaceId: string,
  members: ReadonlySet<string>,
): Promise<Map<string, AgentRow>> {
  const ids = [...members];
  const locked =
    ids.length > 0
      ? await tx
          .select()
          .from(agents)
          .where(and(eq(agents.workspaceId, workspaceId), inArray(agents.id, ids)))
          .orderBy(asc(agents.id))
          .for("update")
      : [];
  const others = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), isNull(agents.deletedAt)))
    .orderBy(asc(agents.id));
  const all = new Map<string, AgentRow>();
  for (const row of others) if (!members.has(row.id)) all.set(row.id, row);
  for (const row of locked) all.set(row.id, row);
  return all;
}
