import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { issueCommands } from "../commands/repo.ts";
import type { DbOrTx } from "../db/database.ts";
import { agentIdentities, agents, commands, conversations, messages } from "../db/schema/index.ts";
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

/** Longest post we write; beyond it the next lines follow in a new post. */
export const MAX_POST_CHARS = 9000;
/** Messages read per mirror run; a longer backlog is mirrored by the next run, scheduled at once. */
const MIRROR_BATCH = 200;

/**
 * The mirror job: every not-yet-mirrored customer-visible message of the chat, in one post. While that chat's
 * previous post has not gone out yet (waiting for RingCentral's Medium budget, or retrying), the new lines join
 * it instead of queueing another post: a busy day degrades to fewer, larger posts, never to lost ones.
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
    const cause = `mirror:${conversationId}`;
    let rest = lines;
    const unsent = await unsentPost(tx, conversation.agentId, cause);
    if (unsent) {
      const { fits, left } = fill(unsent.text, rest);
      if (fits.length > 0) {
        const payload = { ...unsent.payload, text: [unsent.text, ...fits].join("\n") };
        await tx.update(commands).set({ payload, updatedAt: new Date() }).where(eq(commands.id, unsent.id));
      }
      rest = left;
    }
    const header = `Chat ${conversation.externalId}`;
    const last = pending.at(-1)?.id ?? "";
    for (let part = 0; rest.length > 0; part++) {
      const { fits, left } = fill(header, rest);
      // A single line longer than a post is cut rather than dropped.
      const body = fits.length > 0 ? fits : [(rest[0] ?? "").slice(0, MAX_POST_CHARS - header.length - 1)];
      rest = fits.length > 0 ? left : rest.slice(1);
      await postToAgent(
        tx,
        conversation.workspaceId,
        conversation.agentId,
        [header, ...body].join("\n"),
        `tm:msgs:${conversationId}:${last}${part > 0 ? `:${part}` : ""}`,
        cause,
      );
    }
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

/** The chat's post that has not been sent yet (queued, waiting or retrying), locked so its sender waits for us. */
async function unsentPost(tx: DbOrTx, agentId: string, cause: string) {
  const [row] = await tx
    .select({ id: commands.id, payload: commands.payload })
    .from(commands)
    .where(
      and(
        eq(commands.agentId, agentId),
        eq(commands.kind, "ringcentral.post_message"),
        eq(commands.cause, cause),
        inArray(commands.status, ["pending", "failed"]),
      ),
    )
    .orderBy(desc(commands.id))
    .limit(1)
    .for("update");
  const text = row?.payload.text;
  return row && typeof text === "string" ? { id: row.id, payload: row.payload, text } : undefined;
}

/** The lines that still fit after `text` in one post, and those left over. */
function fill(text: string, lines: readonly string[]): { fits: string[]; left: string[] } {
  let size = text.length;
  let n = 0;
  for (const line of lines) {
    if (size + 1 + line.length > MAX_POST_CHARS) break;
    size += 1 + line.length;
    n += 1;
  }
  return { fits: lines.slice(0, n), left: lines.slice(n) };
}
