import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agents, chatOffers } from "../db/schema/index.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import { endBuiltinChat } from "./engagement.ts";
import { assignToAgent, type LifecycleResult } from "./lifecycle.ts";
import type { ChatNotice } from "./notices.ts";
import { appendEvent, lockConversation } from "./store.ts";

/**
 * An offer nobody accepted in time: marked missed (the agent's "missed offer" is visible in the conversation
 * and in the routing explanation), the held capacity released, the chat routed to the next candidate. The
 * agent's availability is left alone: missing an offer never sets anyone offline.
 */
export async function expireOffer(
  tx: DbOrTx,
  workspaceId: string,
  offerId: string,
  nowMs: number,
): Promise<ChatNotice[]> {
  const [peek] = await tx
    .select()
    .from(chatOffers)
    .where(and(eq(chatOffers.id, offerId), eq(chatOffers.workspaceId, workspaceId)));
  if (peek?.status !== "pending") return [];
  const conv = await lockConversation(tx, workspaceId, peek.conversationId);
  const [offer] = await tx.select().from(chatOffers).where(eq(chatOffers.id, offerId)).for("update");
  if (!conv || !offer || offer.status !== "pending") return [];
  await tx
    .update(chatOffers)
    .set({ status: "missed", decidedAt: new Date(nowMs) })
    .where(eq(chatOffers.id, offerId));
  await endBuiltinChat(tx, { workspaceId, agentId: offer.agentId, conversationId: conv.id, nowMs });
  const notices: ChatNotice[] = [{ k: "o", w: workspaceId, c: conv.id, a: offer.agentId }];
  if (conv.activeThreadId) {
    const [agent] = await tx.select({ name: agents.name }).from(agents).where(eq(agents.id, offer.agentId));
    const ev = await appendEvent(tx, {
      workspaceId,
      conversationId: conv.id,
      threadId: conv.activeThreadId,
      type: "system",
      authorType: "system",
      text: `${agent?.name ?? offer.agentId} missed the offer`,
      metadata: { kind: "missed_offer", agentId: offer.agentId, internal: true },
      nowMs,
    });
    notices.push(ev.notice);
  }
  await wakeRouting(tx, workspaceId);
  return notices;
}

/** The offered agent takes the chat: the usual assignment (thread closed, "<agent> joined"). */
export async function acceptOffer(
  tx: DbOrTx,
  workspaceId: string,
  conversationId: string,
  agentId: string,
  nowMs: number,
): Promise<LifecycleResult | null> {
  const conv = await lockConversation(tx, workspaceId, conversationId);
  if (!conv) return null;
  const [offer] = await tx
    .select()
    .from(chatOffers)
    .where(
      and(
        eq(chatOffers.conversationId, conversationId),
        eq(chatOffers.agentId, agentId),
        eq(chatOffers.status, "pending"),
      ),
    )
    .for("update");
  if (!offer || conv.status !== "queued") return null;
  await tx
    .update(chatOffers)
    .set({ status: "accepted", decidedAt: new Date(nowMs) })
    .where(eq(chatOffers.id, offer.id));
  return assignToAgent(tx, conv, { agentId, nowMs, reason: "offer accepted" });
}
