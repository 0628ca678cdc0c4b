import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { customerIdentities, customerMatches, customers } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import type { Described, Identity } from "./identities.ts";
import { identityKey } from "./identities.ts";
import { identityId, matchId, pairKey } from "./ids.ts";
import { lockForLinking } from "./locks.ts";
import { decideMatch, type Holder, type MatchDecision, type Review } from "./match.ts";

export type Resolved = { customerId: string; decision: MatchDecision; created: boolean };

/**
 * Finds or creates the customer a description stands for, records its new identities and queues the reviews
 * the decision asks for — all in the caller's transaction, under the identity locks.
 */
export async function resolveCustomer(
  tx: Tx,
  workspaceId: string,
  described: Described,
  evidence: Record<string, unknown> = {},
): Promise<Resolved> {
  const { identities } = described;
  await lockForLinking(tx, workspaceId, identities.map(identityKey));
  const holders = await holdersOf(tx, workspaceId, identities);
  const holderIds = [...new Set(holders.map((h) => h.customerId))];
  const customIds = new Map<string, string[]>();
  if (holderIds.length > 0) {
    const rows = await tx
      .select({ customerId: customerIdentities.customerId, value: customerIdentities.value })
      .from(customerIdentities)
      .where(
        and(
          eq(customerIdentities.workspaceId, workspaceId),
          eq(customerIdentities.kind, "custom"),
          inArray(customerIdentities.customerId, holderIds),
        ),
      );
    for (const r of rows) customIds.set(r.customerId, [...(customIds.get(r.customerId) ?? []), r.value]);
  }
  const decision = decideMatch({ incoming: identities, holders, customIds });
  let customerId = decision.customerId;
  const created = customerId === null;
  if (customerId === null) {
    customerId = newId("cus");
    await tx.insert(customers).values({
      id: customerId,
      workspaceId,
      name: described.name ?? null,
      email: described.email ?? null,
      phone: described.phone ?? null,
    });
  } else {
    // Display fields fill in as people tell us more; a name set by hand is never overwritten.
    await tx
      .update(customers)
      .set({
        name: sql`coalesce(${customers.name}, ${described.name ?? null})`,
        email: sql`coalesce(${customers.email}, ${described.email ?? null})`,
        phone: sql`coalesce(${customers.phone}, ${described.phone ?? null})`,
        updatedAt: new Date(),
      })
      .where(eq(customers.id, customerId));
  }
  await addIdentities(tx, workspaceId, customerId, decision.add, "event");
  await queueReviews(tx, workspaceId, customerId, decision.reviews, evidence);
  return { customerId, decision, created };
}

/** Existing identities equal to any of `identities`, oldest first, on customers not merged away. */
async function holdersOf(tx: Tx, workspaceId: string, identities: readonly Identity[]): Promise<Holder[]> {
  if (identities.length === 0) return [];
  const same = identities.map((i) =>
    and(
      eq(customerIdentities.kind, i.kind),
      eq(customerIdentities.scope, i.scope),
      eq(customerIdentities.value, i.value),
    ),
  );
  return tx
    .select({
      customerId: customerIdentities.customerId,
      kind: customerIdentities.kind,
      scope: customerIdentities.scope,
      value: customerIdentities.value,
      verified: customerIdentities.verified,
    })
    .from(customerIdentities)
    .innerJoin(customers, eq(customers.id, customerIdentities.customerId))
    .where(and(eq(customerIdentities.workspaceId, workspaceId), sql`${customers.mergedInto} is null`, or(...same)))
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.id));
}

/** Upserts; an email seen verified stays verified. */
export async function addIdentities(
  tx: Tx,
  workspaceId: string,
  customerId: string,
  identities: readonly Identity[],
  source: string,
): Promise<void> {
  if (identities.length === 0) return;
  await tx
    .insert(customerIdentities)
    .values(
      identities.map((i) => ({
        id: identityId(),
        workspaceId,
        customerId,
        kind: i.kind,
        scope: i.scope,
        platform: i.platform ?? null,
        value: i.value,
        verified: i.verified,
        source,
      })),
    )
    .onConflictDoUpdate({
      target: [
        customerIdentities.customerId,
        customerIdentities.kind,
        customerIdentities.scope,
        customerIdentities.value,
      ],
      set: { verified: sql`${customerIdentities.verified} or excluded.verified` },
    });
}

export async function queueReviews(
  tx: Tx,
  workspaceId: string,
  customerId: string,
  reviews: readonly Review[],
  evidence: Record<string, unknown>,
): Promise<void> {
  for (const r of reviews) {
    await tx
      .insert(customerMatches)
      .values({
        id: matchId(),
        workspaceId,
        customerId,
        otherCustomerId: r.otherCustomerId,
        reason: r.reason,
        evidence: { ...evidence, identity: r.identity },
        pairKey: pairKey(customerId, r.otherCustomerId),
      })
      .onConflictDoNothing({ target: [customerMatches.workspaceId, customerMatches.pairKey] });
  }
}
