import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents, conversations, messages } from "../db/schema/index.ts";
import { enqueue } from "../jobs/enqueue.ts";

/**
 * How long to gather a chat's messages into one Team Messaging post. Posts share RingCentral's Medium rate group
 * (40 a minute per user) with presence changes; fewer, larger posts leave room for the writes that matter more.
 */
export const MIRROR_COALESCE_MS = 10_000;

/** Queues a post in the agent's RingCentral Team Messaging direct conversation (found or created by email). */
export async function postToAgent(
  tx: DbOrTx,
  workspaceId: string,
  agentId: string,
  text: string,
  idempotencyKey: string,
  cause: string,
): Promise<void> {
  const [target] = await tx
    .select({ email: agents.email, connectionId: agentIdentities.connectionId })
    .from(agents)
    .innerJoin(
      agentIdentities,
      and(eq(agentIdentities.agentId, agents.id), eq(agentIdentities.platform, "ringcentral")),
    )
    .where(eq(agents.id, agentId))
    .limit(1);
  if (!target?.email) return;
  await issueCommands(tx, [
    {
      workspaceId,
      connectionId: target.connectionId,
      platform: "ringcentral",
      agentId,
      idempotencyKey,
      cause,
      payload: { kind: "ringcentral.post_message", email: target.email, text },
    },
  ]);
}

/** Mirrors soon, once: further messages within the window join the same post. */
export async function scheduleMirror(tx: DbOrTx, conversationId: string): Promise<void> {
  await enqueue(
    tx,
    "mirror-messages",
    { conversationId },
    {
      jobKey: `mirror:${conversationId}`,
      jobKeyMode: "preserve_run_at",
      runAt: new Date(Date.now() + MIRROR_COALESCE_MS),
    },
  );
}

/** The mirror job: every not-yet-mirrored customer-visible message of the chat, in one post. */
export async function mirrorMessages(db: DbOrTx, conversationId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
    if (!conversation?.agentId) return 0;
    const pending = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), isNull(messages.mirroredAt), eq(messages.private, false)))
      .orderBy(asc(messages.at))
      .limit(50)
      .for("update");
    if (pending.length === 0) return 0;
    const who = conversation.customer.name ?? conversation.customer.email ?? "Customer";
    const lines = pending.map((m) => `${m.authorType === "customer" ? who : m.authorType}: ${m.text}`);
    const last = pending.at(-1)?.id ?? "";
    await postToAgent(
      tx,
      conversation.workspaceId,
      conversation.agentId,
      `Chat ${conversation.externalId}\n${lines.join("\n")}`.slice(0, 9000),
      `tm:msgs:${conversationId}:${last}`,
      `mirror:${conversationId}`,
    );
    await tx
      .update(messages)
      .set({ mirroredAt: new Date() })
      .where(
        inArray(
          messages.id,
          pending.map((m) => m.id),
        ),
      );
    return pending.length;
  });
}
