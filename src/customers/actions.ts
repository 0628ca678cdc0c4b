import { and, eq } from "drizzle-orm";
import type { CountryCode } from "libphonenumber-js";
import { audit } from "../db/audit.ts";
import type { Db, Tx } from "../db/database.ts";
import { customerIdentities, customerMatches, customers } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";
import { type Identity, identityKey, normaliseEmail, normalisePhone } from "./identities.ts";
import { lockForMerging } from "./locks.ts";
import { CustomerOpError, mergeCustomers, splitCustomer } from "./merge.ts";
import { addIdentities } from "./resolve.ts";

/** What people do to customers by hand; each runs in one transaction with its audit entry. */
export type Actor = { workspaceId: string; actor: string };

export type ManualIdentity = { kind: "custom" | "email" | "phone"; value: string; verified?: boolean };

export function normaliseManual(input: ManualIdentity, region: CountryCode): Identity {
  const value =
    input.kind === "email"
      ? normaliseEmail(input.value)
      : input.kind === "phone"
        ? normalisePhone(input.value, region)
        : input.value.trim();
  if (!value) throw new CustomerOpError("bad_request", `not a valid ${input.kind}: ${input.value}`);
  // A person vouching for an email by hand makes it verified unless they say otherwise.
  return { kind: input.kind, value, scope: "", verified: input.verified ?? input.kind !== "phone" };
}

export async function createCustomer(
  db: Db,
  who: Actor,
  input: { name?: string; identities: Identity[] },
): Promise<string> {
  return db.transaction(async (tx) => {
    await lockForMerging(tx, who.workspaceId);
    for (const i of input.identities) await assertFree(tx, who.workspaceId, i, undefined);
    const id = newId("cus");
    await tx.insert(customers).values({
      id,
      workspaceId: who.workspaceId,
      name: input.name ?? null,
      email: input.identities.find((i) => i.kind === "email")?.value ?? null,
      phone: input.identities.find((i) => i.kind === "phone")?.value ?? null,
    });
    await addIdentities(tx, who.workspaceId, id, input.identities, "manual");
    await audit(tx, { workspaceId: who.workspaceId, actor: who.actor, action: "customer.created", target: id });
    return id;
  });
}

/** Custom ids are exclusive: one already on another customer is a conflict (merge them instead). */
async function assertFree(tx: Tx, workspaceId: string, i: Identity, customerId: string | undefined) {
  if (i.kind !== "custom") return;
  const [owner] = await tx
    .select({ customerId: customerIdentities.customerId })
    .from(customerIdentities)
    .where(
      and(
        eq(customerIdentities.workspaceId, workspaceId),
        eq(customerIdentities.kind, "custom"),
        eq(customerIdentities.value, i.value),
      ),
    );
  if (owner && owner.customerId !== customerId) {
    throw new CustomerOpError(
      "conflict",
      `custom id ${i.value} belongs to customer ${owner.customerId}; merge them instead`,
    );
  }
}

export async function addManualIdentity(db: Db, who: Actor, customerId: string, identity: Identity): Promise<void> {
  await db.transaction(async (tx) => {
    await lockForMerging(tx, who.workspaceId);
    const [row] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, who.workspaceId), eq(customers.id, customerId)));
    if (!row) throw new CustomerOpError("not_found", "customer not found");
    if (row.mergedInto) throw new CustomerOpError("conflict", `customer was merged into ${row.mergedInto}`);
    await assertFree(tx, who.workspaceId, identity, customerId);
    await addIdentities(tx, who.workspaceId, customerId, [identity], "manual");
    await audit(tx, {
      workspaceId: who.workspaceId,
      actor: who.actor,
      action: "customer.identity_added",
      target: customerId,
      details: { identity: identityKey(identity) },
    });
  });
}

export async function removeIdentity(db: Db, who: Actor, customerId: string, identityId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(customerIdentities)
      .where(
        and(
          eq(customerIdentities.workspaceId, who.workspaceId),
          eq(customerIdentities.customerId, customerId),
          eq(customerIdentities.id, identityId),
        ),
      )
      .returning();
    if (!gone) throw new CustomerOpError("not_found", "identity not found");
    await audit(tx, {
      workspaceId: who.workspaceId,
      actor: who.actor,
      action: "customer.identity_removed",
      target: customerId,
      details: { identity: identityKey(gone) },
    });
  });
}

export async function mergeByHand(db: Db, who: Actor, keepId: string, mergeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await mergeCustomers(tx, who.workspaceId, keepId, mergeId);
    await audit(tx, {
      workspaceId: who.workspaceId,
      actor: who.actor,
      action: "customer.merged",
      target: keepId,
      details: { merged: mergeId },
    });
  });
}

export async function splitByHand(
  db: Db,
  who: Actor,
  customerId: string,
  identityIds: string[],
  region: CountryCode,
): Promise<string> {
  return db.transaction(async (tx) => {
    const created = await splitCustomer(tx, {
      workspaceId: who.workspaceId,
      customerId,
      identityIds,
      actor: who.actor,
      region,
    });
    await audit(tx, {
      workspaceId: who.workspaceId,
      actor: who.actor,
      action: "customer.split",
      target: customerId,
      details: { into: created.id, identityIds },
    });
    return created.id;
  });
}

/** Approve merges the pair (the other customer into the first); reject keeps them apart for good. */
export async function decideMatch(
  db: Db,
  who: Actor,
  matchId: string,
  verdict: "approved" | "rejected",
): Promise<void> {
  await db.transaction(async (tx) => {
    const [m] = await tx
      .select()
      .from(customerMatches)
      .where(and(eq(customerMatches.workspaceId, who.workspaceId), eq(customerMatches.id, matchId)))
      .for("update");
    if (!m) throw new CustomerOpError("not_found", "customer match not found");
    if (m.status !== "pending") throw new CustomerOpError("conflict", `the match is ${m.status}`);
    if (verdict === "approved") await mergeCustomers(tx, who.workspaceId, m.customerId, m.otherCustomerId);
    await tx
      .update(customerMatches)
      .set({ status: verdict, decidedAt: new Date(), decidedBy: who.actor })
      .where(eq(customerMatches.id, m.id));
    await audit(tx, {
      workspaceId: who.workspaceId,
      actor: who.actor,
      action: `customer_match.${verdict}`,
      target: m.id,
      details: { customerId: m.customerId, otherCustomerId: m.otherCustomerId },
    });
  });
}

export async function renameCustomer(db: Db, who: Actor, customerId: string, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(customers)
      .set({ name, updatedAt: new Date() })
      .where(and(eq(customers.workspaceId, who.workspaceId), eq(customers.id, customerId)));
    await audit(tx, { workspaceId: who.workspaceId, actor: who.actor, action: "customer.renamed", target: customerId });
  });
}
