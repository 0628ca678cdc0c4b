import { and, desc, eq, isNull } from "drizzle-orm";
import { holdNewChatForBot } from "../bot/channels/widget-intake.ts";
import type { Db, DbOrTx } from "../db/database.ts";
import { chatConversations, chatGroups, chatVisitors, customers } from "../db/schema/index.ts";
import { randomToken, sha256Hex } from "../lib/crypto.ts";
import { newId } from "../lib/ids.ts";
import { wakeRouting } from "../sync/chat-wake.ts";
import type { ChatNotice } from "./notices.ts";
import { appendEvent, openThread } from "./store.ts";

export type VisitorRow = typeof chatVisitors.$inferSelect;

export type NewSession = {
  workspaceId: string;
  groupId?: string;
  visitor: { name?: string; email?: string; metadata?: Record<string, unknown> };
  message: string;
  nowMs: number;
};

export type SessionCreated = {
  sessionToken: string;
  visitorId: string;
  conversationId: string;
  threadId: string;
  /** `bot`: the group's agent bot answers first (it hands off to the queue when it cannot). */
  status: "queued" | "bot";
};

/** The group a widget names, or the workspace's default group; undefined when neither exists. */
export async function resolveGroup(db: DbOrTx, workspaceId: string, groupId?: string) {
  const [group] = await db
    .select()
    .from(chatGroups)
    .where(
      and(
        eq(chatGroups.workspaceId, workspaceId),
        isNull(chatGroups.deletedAt),
        groupId ? eq(chatGroups.id, groupId) : eq(chatGroups.isDefault, true),
      ),
    );
  return group;
}

/**
 * Visitor, conversation, first thread and first message in one transaction, with the routing job: the chat
 * exists with its job or not at all. Only the token's hash is stored; the token is returned once.
 */
export async function createSession(
  db: Db,
  input: NewSession,
): Promise<{ created: SessionCreated; notices: ChatNotice[] } | null> {
  return db.transaction(async (tx) => {
    const group = await resolveGroup(tx, input.workspaceId, input.groupId);
    if (!group) return null;
    const email = input.visitor.email?.toLowerCase();
    const [customer] = email
      ? await tx
          .select({ id: customers.id })
          .from(customers)
          .where(
            and(eq(customers.workspaceId, input.workspaceId), eq(customers.email, email), isNull(customers.mergedInto)),
          )
          .limit(1)
      : [];
    const sessionToken = `vst_${randomToken(32)}`;
    const visitorId = newId("vis", input.nowMs);
    const now = new Date(input.nowMs);
    await tx.insert(chatVisitors).values({
      id: visitorId,
      workspaceId: input.workspaceId,
      tokenHash: sha256Hex(sessionToken),
      name: input.visitor.name ?? null,
      email: email ?? null,
      metadata: input.visitor.metadata ?? {},
      customerId: customer?.id ?? null,
      createdAt: now,
      lastSeenAt: now,
    });
    const conversationId = newId("cnv", input.nowMs);
    await tx.insert(chatConversations).values({
      id: conversationId,
      workspaceId: input.workspaceId,
      visitorId,
      groupId: group.id,
      status: "queued",
      queuedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const threadId = await openThread(tx, {
      workspaceId: input.workspaceId,
      conversationId,
      agentId: null,
      nowMs: input.nowMs,
    });
    const first = await appendEvent(tx, {
      workspaceId: input.workspaceId,
      conversationId,
      threadId,
      type: "message",
      authorType: "visitor",
      authorId: visitorId,
      text: input.message,
      nowMs: input.nowMs,
    });
    const held = await holdNewChatForBot(tx, { workspaceId: input.workspaceId, groupId: group.id, event: first.event });
    if (!held) await wakeRouting(tx, input.workspaceId);
    return {
      created: {
        sessionToken,
        visitorId,
        conversationId,
        threadId,
        status: held ? ("bot" as const) : ("queued" as const),
      },
      notices: [
        first.notice,
        { k: "c", w: input.workspaceId, c: conversationId, a: null },
        { k: "q", w: input.workspaceId },
      ],
    };
  });
}

/** The visitor a session token belongs to, or undefined (the caller answers 401). */
export async function visitorForToken(db: DbOrTx, token: string): Promise<VisitorRow | undefined> {
  if (!token.startsWith("vst_") || token.length > 100) return undefined;
  const [row] = await db
    .select()
    .from(chatVisitors)
    .where(eq(chatVisitors.tokenHash, sha256Hex(token)));
  return row;
}

/** The visitor's conversation: the one named (only if it is theirs) or their latest. */
export async function visitorConversation(db: DbOrTx, visitor: VisitorRow, conversationId?: string) {
  const [row] = await db
    .select()
    .from(chatConversations)
    .where(
      and(
        eq(chatConversations.workspaceId, visitor.workspaceId),
        eq(chatConversations.visitorId, visitor.id),
        conversationId ? eq(chatConversations.id, conversationId) : undefined,
      ),
    )
    .orderBy(desc(chatConversations.id))
    .limit(1);
  return row;
}
