import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import type { Tx } from "../db/database.ts";
import { conversations, customerIdentities, customerMatches, customers } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { identityKey } from "./identities.ts";
import { matchId, pairKey } from "./ids.ts";
import { lockForMerging } from "./locks.ts";
import { type ConversationRef, conversationKeys } from "./ownership.ts";

type CustomerRow = typeof customers.$inferSelect;

export class CustomerOpError extends Error {
  readonly code: "not_found" | "conflict" | "bad_request";
  constructor(code: CustomerOpError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

async function live(tx: Tx, workspaceId: string, id: string): Promise<CustomerRow> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)))
    .for("update");
  if (!row) throw new CustomerOpError("not_found", `customer ${id} not found`);
  if (row.mergedInto) throw new CustomerOpError("conflict", `customer ${id} was merged into ${row.mergedInto}`);
  return row;
}

/**
 * Moves everything of `mergeId` onto `keepId`: identities, conversations, earlier merges, open reviews. The merged
 * row stays with `merged_into` set, so links to it resolve and the audit trail reads.
 */
export async function mergeCustomers(
  tx: Tx,
  workspaceId: string,
  keepId: string,
  mergeId: string,
): Promise<CustomerRow> {
  if (keepId === mergeId) throw new CustomerOpError("bad_request", "a customer cannot be merged into itself");
  await lockForMerging(tx, workspaceId);
  const keep = await live(tx, workspaceId, keepId);
  const gone = await live(tx, workspaceId, mergeId);
  await tx.execute(sql`
    delete from ${customerIdentities} g using ${customerIdentities} k
    where g.customer_id = ${gone.id} and k.customer_id = ${keep.id}
      and g.kind = k.kind and g.scope = k.scope and g.value = k.value`);
  await tx.update(customerIdentities).set({ customerId: keep.id }).where(eq(customerIdentities.customerId, gone.id));
  await tx
    .update(conversations)
    .set({ customerId: keep.id, updatedAt: new Date() })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.customerId, gone.id)));
  await tx
    .update(customers)
    .set({ mergedInto: keep.id, updatedAt: new Date() })
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.mergedInto, gone.id)));
  await tx.update(customers).set({ mergedInto: keep.id, updatedAt: new Date() }).where(eq(customers.id, gone.id));
  const [updated] = await tx
    .update(customers)
    .set({
      name: keep.name ?? gone.name,
      email: keep.email ?? gone.email,
      phone: keep.phone ?? gone.phone,
      updatedAt: new Date(),
    })
    .where(eq(customers.id, keep.id))
    .returning();
  await repointReviews(tx, workspaceId, gone.id, keep.id);
  return updated ?? keep;
}

/** Open reviews about the merged customer now concern the kept one; a review of the pair itself is settled. */
async function repointReviews(tx: Tx, workspaceId: string, goneId: string, keepId: string): Promise<void> {
  const open = await tx
    .select()
    .from(customerMatches)
    .where(
      and(
        eq(customerMatches.workspaceId, workspaceId),
        eq(customerMatches.status, "pending"),
        or(eq(customerMatches.customerId, goneId), eq(customerMatches.otherCustomerId, goneId)),
      ),
    );
  for (const m of open) {
    const a = m.customerId === goneId ? keepId : m.customerId;
    const b = m.otherCustomerId === goneId ? keepId : m.otherCustomerId;
    const key = pairKey(a, b);
    const [taken] =
      a === b
        ? [m]
        : await tx
            .select({ id: customerMatches.id })
            .from(customerMatches)
            .where(and(eq(customerMatches.workspaceId, workspaceId), eq(customerMatches.pairKey, key)));
    if (taken) {
      await tx
        .update(customerMatches)
        .set({ status: "superseded", decidedAt: new Date(), decidedBy: `merge:${goneId}` })
        .where(eq(customerMatches.id, m.id));
    } else {
      await tx
        .update(customerMatches)
        .set({ customerId: a, otherCustomerId: b, pairKey: key })
        .where(eq(customerMatches.id, m.id));
    }
  }
}

/**
 * Takes identities off a customer onto a new one, with the conversations those identities brought in (judged by
 * each conversation's strongest identity). The pair is recorded as rejected so it is never proposed again.
 */
export async function splitCustomer(
  tx: Tx,
  input: {
    workspaceId: string;
    customerId: string;
    identityIds: readonly string[];
    actor: string;
    region: CountryCode;
  },
): Promise<CustomerRow> {
  const { workspaceId, customerId, identityIds, actor, region } = input;
  await lockForMerging(tx, workspaceId);
  const source = await live(tx, workspaceId, customerId);
  const all = await tx.select().from(customerIdentities).where(eq(customerIdentities.customerId, source.id));
  const moving = all.filter((i) => identityIds.includes(i.id));
  if (moving.length !== new Set(identityIds).size)
    throw new CustomerOpError("bad_request", "every identity must belong to the customer");
  if (moving.length === 0) throw new CustomerOpError("bad_request", "name at least one identity to split off");
  const movingKeys = new Set(moving.map(identityKey));
  const heldKeys = new Set(all.map(identityKey));

  const email = moving.find((i) => i.kind === "email")?.value ?? null;
  const phone = moving.find((i) => i.kind === "phone")?.value ?? null;
  const [created] = await tx
    .insert(customers)
    .values({ id: newId("cus"), workspaceId, name: null, email, phone })
    .returning();
  if (!created) throw new Error("insert returned no row");
  await tx
    .update(customerIdentities)
    .set({ customerId: created.id })
    .where(
      inArray(
        customerIdentities.id,
        moving.map((i) => i.id),
      ),
    );

  const owned: ConversationRef[] = await tx
    .select({
      id: conversations.id,
      connectionId: conversations.connectionId,
      channel: conversations.channel,
      customer: conversations.customer,
    })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.customerId, source.id)));
  const follow = owned.filter((c) => {
    const strongest = conversationKeys(c, region).find((k) => heldKeys.has(k));
    return strongest !== undefined && movingKeys.has(strongest);
  });
  if (follow.length > 0) {
    await tx
      .update(conversations)
      .set({ customerId: created.id, updatedAt: new Date() })
      .where(
        inArray(
          conversations.id,
          follow.map((c) => c.id),
        ),
      );
  }
  const left = all.filter((i) => !movingKeys.has(identityKey(i)));
  await tx
    .update(customers)
    .set({
      email: left.find((i) => i.kind === "email")?.value ?? null,
      phone: left.find((i) => i.kind === "phone")?.value ?? null,
      updatedAt: new Date(),
    })
    .where(eq(customers.id, source.id));
  await tx
    .insert(customerMatches)
    .values({
      id: matchId(),
      workspaceId,
      status: "rejected",
      customerId: source.id,
      otherCustomerId: created.id,
      reason: "split",
      pairKey: pairKey(source.id, created.id),
      decidedAt: new Date(),
      decidedBy: actor,
      evidence: { split: moving.map((i) => i.id) },
    })
    .onConflictDoNothing();
  return created;
}
