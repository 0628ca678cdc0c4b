import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents, commands, conversations, messages } from "../db/schema/index.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { coalescePost, type PostBlock } from "./post-coalesce.ts";

/**
 * How long to gather a chat's messages into one Team Messaging post. Posts share RingCentral's Medium rate group
 * (40 a minute per user) with presence changes; fewer, larger posts leave room for the writes that matter more.
 */
export const MIRROR_COALESCE_MS = 10_000;

/**
 * Queues a post in the agent's RingCentral Team Messaging direct conversation (found or created by email). While
 * an earlier post to the agent has not gone out (queued, waiting for RingCentral's Medium budget, or retrying),
 * the new text joins it (post-coalesce.ts): a busy day degrades to fewer, larger posts, never to lost ones.
 * `idempotencyKey` still makes a replayed decision a no-op, whether it became its own post or joined another.
 */
export async function postToAgent(
  tx: DbOrTx,
  workspaceId: string,
  agentId: string,
  post: string | PostBlock,
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
  const block = typeof post === "string" ? { header: "", lines: post.split("\n") } : post;
  const posts = and(
    eq(commands.workspaceId, workspaceId),
    eq(commands.agentId, agentId),
    eq(commands.kind, "ringcentral.post_message"),
  );
  const [seen] = await tx
    .select({ id: commands.id })
    .from(commands)
    .where(
      and(posts, or(eq(commands.idempotencyKey, idempotencyKey), sql`${commands.payload}->'keys' ? ${idempotencyKey}`)),
    )
    .limit(1);
  if (seen) return;
  const [unsent] = await tx
    .select({ id: commands.id, payload: commands.payload })
    .from(commands)
    .where(and(posts, inArray(commands.status, ["pending", "failed"])))
    .orderBy(desc(commands.id))
    .limit(1)
    .for("update");
  const unsentText = typeof unsent?.payload.text === "string" ? unsent.payload.text : undefined;
  const result = coalescePost(unsentText, block);
  if (unsent && result.appended !== undefined) {
    const keys = Array.isArray(unsent.payload.keys) ? unsent.payload.keys : [];
    await tx
      .update(commands)
      .set({
        payload: { ...unsent.payload, text: result.appended, keys: [...keys, idempotencyKey] },
        updatedAt: new Date(),
      })
      .where(eq(commands.id, unsent.id));
  }
  await issueCommands(
    tx,
    result.posts.map((text, i) => ({
      workspaceId,
      connectionId: target.connectionId,
      platform: "ringcentral",
      agentId,
      idempotencyKey: i === 0 && result.appended === undefined ? idempotencyKey : `${idempotencyKey}:${i + 1}`,
      cause,
      payload: { kind: "ringcentral.post_message" as const, email: target.email ?? "", text },
    })),
  );
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

/** Messages read per mirror run; a longer backlog is mirrored by the next run, scheduled at once. */
const MIRROR_BATCH = 200;

/**
 * The mirror job: every not-yet-mirrored customer-visible message of the chat, in one post (or joining the
 * agent's post that has not gone out yet).
 */
export async function mirrorMessages(db: DbOrTx, conversationId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
    if (!conversation?.agentId) return 0;
    const pending = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), isNull(messages.mirroredAt), eq(messages.private, false)))
      .orderBy(asc(messages.at))
      .limit(MIRROR_BATCH)
      .for("update");
    if (pending.length === 0) return 0;
    const who = conversation.customer.name ?? conversation.customer.email ?? "Customer";
    const lines = pending.map((m) => `${m.authorType === "customer" ? who : m.authorType}: ${m.text}`);
    const last = pending.at(-1)?.id ?? "";
    await postToAgent(
      tx,
      conversation.workspaceId,
      conversation.agentId,
      { header: `Chat ${conversation.externalId}`, lines },
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
    if (pending.length === MIRROR_BATCH) {
      await enqueue(tx, "mirror-messages", { conversationId }, { jobKey: `mirror:${conversationId}` });
    }
    return pending.length;
  });
}
