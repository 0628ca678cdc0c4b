import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { chatConversations, chatGroups, chatOffers, chatRoutingDecisions } from "../db/schema/index.ts";
import { startChat } from "../domain/availability/index.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { newId } from "../lib/ids.ts";
import { candidateOf, groupMembers, loadCandidates, missedOffers } from "./candidates.ts";
import { startBuiltinChat } from "./engagement.ts";
import { assignToAgent } from "./lifecycle.ts";
import type { ChatNotice } from "./notices.ts";
import { decideRouting, type RoutingCandidate } from "./routing.ts";
import type { ConversationRow } from "./store.ts";

const BATCH = 25;

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
  const groupIds = [...new Set(queued.map((c) => c.groupId))];
  const groups = new Map(
    (await tx.select().from(chatGroups).where(inArray(chatGroups.id, groupIds))).map((g) => [g.id, g]),
  );
  const pendingOffers = new Set(
    (
      await tx
        .select({ c: chatOffers.conversationId })
        .from(chatOffers)
        .where(
          and(
            inArray(
              chatOffers.conversationId,
              queued.map((c) => c.id),
            ),
            eq(chatOffers.status, "pending"),
          ),
        )
    ).map((r) => r.c),
  );
  const decided = new Set(
    (
      await tx
        .selectDistinct({ c: chatRoutingDecisions.conversationId })
        .from(chatRoutingDecisions)
        .where(
          inArray(
            chatRoutingDecisions.conversationId,
            queued.map((c) => c.id),
          ),
        )
    ).map((r) => r.c),
  );
  const exhausted = new Set<string>();
  const pools = new Map<string, { candidates: Map<string, RoutingCandidate>; members: Set<string> }>();
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
      pool = { members, candidates: new Map([...rows.values()].map((r) => [r.id, candidateOf(r, members)])) };
      pools.set(group.id, pool);
    }
    const decision = decideRouting({
      strategy: group.routingStrategy,
      candidates: [...pool.candidates.values()],
      rotationCursor: group.rotationCursor,
      previousAgentId: group.routingStrategy === "sticky" ? await previousAgent(tx, conv) : null,
      skip: await missedOffers(tx, workspaceId, conv.id),
    });
    // A chat that keeps waiting is explained once, not on every pass over the queue.
    if (decision.chosenAgentId || !decided.has(conv.id)) {
      await tx.insert(chatRoutingDecisions).values({
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
    const chosen = decision.chosenAgentId ? pool.candidates.get(decision.chosenAgentId) : undefined;
    if (!chosen) {
      exhausted.add(group.id);
      result.waiting++;
      continue;
    }
    const at = new Date(nowMs).toISOString();
    pool.candidates.set(chosen.agentId, {
      ...chosen,
      state: startChat(chosen.state, { platform: "builtin", id: conv.id, at }).state,
    });
    await tx.update(chatGroups).set({ rotationCursor: chosen.agentId }).where(eq(chatGroups.id, group.id));
    group.rotationCursor = chosen.agentId;
    if (group.offerTimeoutSeconds) {
      await offer(tx, conv, chosen.agentId, group.offerTimeoutSeconds, nowMs, result);
    } else {
      const r = await assignToAgent(tx, conv, { agentId: chosen.agentId, nowMs, reason: decision.why });
      result.notices.push(...r.notices);
      result.assigned++;
    }
  }
  result.notices.push({ k: "q", w: workspaceId });
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
