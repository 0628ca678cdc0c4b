import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { chatConversations, chatGroups, chatOffers, chatRoutingDecisions } from "../db/schema/index.ts";
import { type AgentState, startChat } from "../domain/availability/index.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { newId } from "../lib/ids.ts";
import { candidateOf, groupMembers, loadCandidates } from "./candidates.ts";
import { startBuiltinChat } from "./engagement.ts";
import type { ChatNotice } from "./notices.ts";
import { type Assignment, writeAssignments } from "./route-write.ts";
import { decideRouting, type RoutingCandidate } from "./routing.ts";
import type { ConversationRow } from "./store.ts";

/** Conversations per routing transaction: one set of multi-row writes and one engine step per agent each. */
const BATCH = 250;
const DECISION_ROWS = 100;

export type RouteRunResult = { assigned: number; offered: number; waiting: number; notices: ChatNotice[] };

/**
 * Routes a workspace's queue in FIFO order. One run per workspace at a time (advisory lock); each batch is one
 * transaction that locks the candidate agents' rows, so nothing else can add load to them between the decision
 * and the assignment. A group with nobody eligible is skipped for the rest of the batch (its chats keep their
 * place); the queue is walked once per run, and capacity freed later wakes another run.
 */
export async function routeQueue(db: Db, workspaceId: string, now: () => number): Promise<RouteRunResult> {
  const result: RouteRunResult = { assigned: 0, offered: 0, waiting: 0, notices: [] };
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`chat-route:${workspaceId}`}, 0))`);
      const queued = await tx
        .select()
        .from(chatConversations)
        .where(
          and(
            eq(chatConversations.workspaceId, workspaceId),
            eq(chatConversations.status, "queued"),
            after
              ? or(
                  gt(chatConversations.queuedAt, after.at),
                  and(eq(chatConversations.queuedAt, after.at), gt(chatConversations.id, after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(asc(chatConversations.queuedAt), asc(chatConversations.id))
        .limit(BATCH)
        // A conversation a person is assigning or closing right now is left to them.
        .for("update", { skipLocked: true });
      const last = queued.at(-1);
      if (last) after = { at: last.queuedAt, id: last.id };
      await routeBatch(tx, workspaceId, queued, now(), result);
      return queued.length;
    });
    if (batch < BATCH) break;
  }
  return result;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

async function routeBatch(
  tx: Tx,
  workspaceId: string,
  queued: ConversationRow[],
  nowMs: number,
  result: RouteRunResult,
): Promise<void> {
  if (queued.length === 0) return;
  const ids = queued.map((c) => c.id);
  const groupIds = [...new Set(queued.map((c) => c.groupId))];
  const groups = new Map(
    (await tx.select().from(chatGroups).where(inArray(chatGroups.id, groupIds))).map((g) => [g.id, g]),
  );
  const pendingOffers = new Set(
    (
      await tx
        .select({ c: chatOffers.conversationId })
        .from(chatOffers)
        .where(and(inArray(chatOffers.conversationId, ids), eq(chatOffers.status, "pending")))
    ).map((r) => r.c),
  );
  const decided = new Set(
    (
      await tx
        .selectDistinct({ c: chatRoutingDecisions.conversationId })
        .from(chatRoutingDecisions)
        .where(inArray(chatRoutingDecisions.conversationId, ids))
    ).map((r) => r.c),
  );
  const missed = await missedOffersOf(tx, workspaceId, ids);
  const exhausted = new Set<string>();
  const pools = new Map<string, Map<string, RoutingCandidate>>();
  // Every agent's state as this batch has changed it so far, shared by the groups an agent belongs to: the
  // assignments are written after the loop, so a later group must not read the agent's stored state.
  const states = new Map<string, AgentState>();
  const names = new Map<string, string>();
  const decisions: (typeof chatRoutingDecisions.$inferInsert)[] = [];
  const assignments: Assignment[] = [];
  const cursors = new Map<string, string>();
  for (const conv of queued) {
    const group = groups.get(conv.groupId);
    if (!group || pendingOffers.has(conv.id) || exhausted.has(conv.groupId)) {
      result.waiting++;
      continue;
    }
    let pool = pools.get(group.id);
    if (!pool) {
      const members = await groupMembers(tx, workspaceId, group.id);
      const rows = await loadCandidates(tx, workspaceId, members);
      pool = new Map();
      for (const row of rows.values()) {
        const candidate = candidateOf(row, members);
        pool.set(row.id, { ...candidate, state: states.get(row.id) ?? candidate.state });
        names.set(row.id, row.name);
      }
      pools.set(group.id, pool);
    }
    const decision = decideRouting({
      strategy: group.routingStrategy,
      candidates: [...pool.values()],
      rotationCursor: group.rotationCursor,
      previousAgentId: group.routingStrategy === "sticky" ? await previousAgent(tx, conv) : null,
      skip: missed.get(conv.id) ?? [],
    });
    // A chat that keeps waiting is explained once, not on every pass over the queue.
    if (decision.chosenAgentId || !decided.has(conv.id)) {
      decisions.push({
        id: newId("rtd", nowMs),
        workspaceId,
        conversationId: conv.id,
        groupId: group.id,
        strategy: decision.strategy,
        chosenAgentId: decision.chosenAgentId,
        why: decision.why,
        candidates: decision.candidates,
        createdAt: new Date(nowMs),
      });
    }
    const chosen = decision.chosenAgentId ? pool.get(decision.chosenAgentId) : undefined;
    if (!chosen) {
      exhausted.add(group.id);
      result.waiting++;
      continue;
    }
    const at = new Date(nowMs).toISOString();
    const state = startChat(chosen.state, { platform: "builtin", id: conv.id, at }).state;
    states.set(chosen.agentId, state);
    for (const p of pools.values()) {
      const c = p.get(chosen.agentId);
      if (c) p.set(chosen.agentId, { ...c, state });
    }
    group.rotationCursor = chosen.agentId;
    cursors.set(group.id, chosen.agentId);
    if (group.offerTimeoutSeconds) {
      await offer(tx, conv, chosen.agentId, group.offerTimeoutSeconds, nowMs, result);
    } else {
      assignments.push({
        conv,
        agentId: chosen.agentId,
        agentName: names.get(chosen.agentId) ?? "An agent",
        why: decision.why,
      });
      result.assigned++;
    }
  }
  for (let i = 0; i < decisions.length; i += DECISION_ROWS)
    await tx.insert(chatRoutingDecisions).values(decisions.slice(i, i + DECISION_ROWS));
  for (const [groupId, cursor] of cursors)
    await tx.update(chatGroups).set({ rotationCursor: cursor }).where(eq(chatGroups.id, groupId));
  result.notices.push(...(await writeAssignments(tx, workspaceId, assignments, nowMs)));
  result.notices.push({ k: "q", w: workspaceId });
}

/** Per conversation, the agents who let an offer for it expire: routing passes over them for it. */
async function missedOffersOf(tx: Tx, workspaceId: string, ids: string[]): Promise<Map<string, string[]>> {
  const rows = await tx
    .select({ c: chatOffers.conversationId, a: chatOffers.agentId })
    .from(chatOffers)
    .where(
      and(
        eq(chatOffers.workspaceId, workspaceId),
        inArray(chatOffers.conversationId, ids),
        eq(chatOffers.status, "missed"),
      ),
    );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.c, [...(out.get(r.c) ?? []), r.a]);
  return out;
}

/** Offer mode: the agent's capacity is held while the offer is open; a timeout job passes it on. */
async function offer(
  tx: Tx,
  conv: ConversationRow,
  agentId: string,
  timeoutSeconds: number,
  nowMs: number,
  result: RouteRunResult,
): Promise<void> {
  const id = newId("ofr", nowMs);
  const expiresAt = new Date(nowMs + timeoutSeconds * 1000);
  await tx
    .insert(chatOffers)
    .values({ id, workspaceId: conv.workspaceId, conversationId: conv.id, agentId, expiresAt });
  await startBuiltinChat(tx, { workspaceId: conv.workspaceId, agentId, conversationId: conv.id, nowMs });
  await enqueue(tx, "chat-offer-timeout", { workspaceId: conv.workspaceId, offerId: id }, { runAt: expiresAt });
  result.notices.push({ k: "o", w: conv.workspaceId, c: conv.id, a: agentId });
  result.offered++;
}

/** The agent of this visitor's latest earlier conversation (sticky routing). */
async function previousAgent(tx: Tx, conv: ConversationRow): Promise<string | null> {
  const rows = await tx
    .select({ agentId: chatConversations.agentId })
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.workspaceId, conv.workspaceId),
        eq(chatConversations.visitorId, conv.visitorId),
        sql`${chatConversations.id} <> ${conv.id}`,
        sql`${chatConversations.agentId} is not null`,
      ),
    )
    .orderBy(sql`${chatConversations.id} desc`)
    .limit(1);
  return rows[0]?.agentId ?? null;
}
