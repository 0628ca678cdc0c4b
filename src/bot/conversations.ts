import { and, eq, sql } from "drizzle-orm";
import { audit } from "../db/audit.ts";
import type { DbOrTx } from "../db/database.ts";
import { type BotOwner, botContactMemory, botConversations } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { nextOwner, type OwnershipEvent } from "./ownership.ts";

export type BotConversationRow = typeof botConversations.$inferSelect;

/** The conversation's row, created on first sight, locked for the rest of the caller's transaction. */
export async function lockConversation(
  tx: DbOrTx,
  key: { workspaceId: string; inboxId: string; externalId: string; contactKey?: string | null },
): Promise<BotConversationRow> {
  await tx
    .insert(botConversations)
    .values({
      id: newId("bcv"),
      workspaceId: key.workspaceId,
      inboxId: key.inboxId,
      externalId: key.externalId,
      contactKey: key.contactKey ?? null,
    })
    .onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(botConversations)
    .where(
      and(
        eq(botConversations.workspaceId, key.workspaceId),
        eq(botConversations.inboxId, key.inboxId),
        eq(botConversations.externalId, key.externalId),
      ),
    )
    .for("update");
  if (!row) throw new Error("bot conversation vanished");
  return row;
}

export async function findConversation(
  tx: DbOrTx,
  key: { workspaceId: string; inboxId: string; externalId: string },
): Promise<BotConversationRow | null> {
  const [row] = await tx
    .select()
    .from(botConversations)
    .where(
      and(
        eq(botConversations.workspaceId, key.workspaceId),
        eq(botConversations.inboxId, key.inboxId),
        eq(botConversations.externalId, key.externalId),
      ),
    );
  return row ?? null;
}

/** Applies an ownership event to a locked row; returns the new owner. */
export async function applyOwnership(tx: DbOrTx, row: BotConversationRow, event: OwnershipEvent): Promise<BotOwner> {
  const t = nextOwner(row.owner, event);
  if (t.changed)
    await tx
      .update(botConversations)
      .set({ owner: t.owner, updatedAt: new Date() })
      .where(eq(botConversations.id, row.id));
  return t.owner;
}

/** The explicit way back from a human to the bot. */
export async function returnToBot(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  actor: string,
): Promise<BotOwner | null> {
  const [row] = await db
    .select()
    .from(botConversations)
    .where(and(eq(botConversations.workspaceId, workspaceId), eq(botConversations.id, id)));
  if (!row) return null;
  const owner = await applyOwnership(db, row, { type: "return_to_bot" });
  await audit(db, {
    workspaceId,
    actor,
    action: "bot.conversation.returned",
    target: id,
    details: { from: row.owner, to: owner },
  });
  return owner;
}

const MAX_FACTS = 12;

/** Remembers one fact about a contact (newest first, bounded); shown and erasable in the dashboard. */
export async function remember(tx: DbOrTx, workspaceId: string, contactKey: string, fact: string): Promise<void> {
  const entry = fact.slice(0, 300);
  await tx
    .insert(botContactMemory)
    .values({ workspaceId, contactKey, facts: [entry] })
    .onConflictDoUpdate({
      target: [botContactMemory.workspaceId, botContactMemory.contactKey],
      set: {
        facts: sql`(select coalesce(jsonb_agg(f), '[]'::jsonb) from (select f from jsonb_array_elements_text(jsonb_build_array(${entry}::text) || ${botContactMemory.facts}) with ordinality as t(f, n) group by f order by min(n) limit ${MAX_FACTS}) s)`,
        updatedAt: new Date(),
      },
    });
}

export async function recallFacts(db: DbOrTx, workspaceId: string, contactKey: string): Promise<string[]> {
  const [row] = await db
    .select({ facts: botContactMemory.facts })
    .from(botContactMemory)
    .where(and(eq(botContactMemory.workspaceId, workspaceId), eq(botContactMemory.contactKey, contactKey)));
  return row?.facts ?? [];
}
