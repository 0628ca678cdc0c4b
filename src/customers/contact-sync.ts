import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { connections, customerIdentities, customers } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { JobPayload } from "../jobs/catalog.ts";
import { enqueue } from "../jobs/enqueue.ts";
import type { PlatformError } from "../lib/http-client.ts";
import type { Result } from "../lib/result.ts";
import { type ContactTarget, findContactOnPlatform } from "./contact-platforms.ts";
import { identityKey } from "./identities.ts";
import { lockForLinking } from "./locks.ts";
import { addIdentities, queueReviews } from "./resolve.ts";

type Payload = JobPayload<"sync-customer-contact">;

/** Queues the contact sync in the caller's transaction: one pending job per customer and connection. */
export function enqueueContactSync(tx: DbOrTx, payload: Payload, runAt?: Date): Promise<void> {
  return enqueue(tx, "sync-customer-contact", payload, {
    queue: `contacts:${payload.connectionId}`,
    jobKey: `contact:${payload.connectionId}:${payload.customerId}`,
    runAt,
  });
}

export type SyncOutcome = "linked" | "created" | "skipped" | "gave_up" | "rescheduled";

/**
 * Makes sure the customer has a contact on the connection's platform: found by email or phone, else created.
 * Retryable platform errors throw (the worker backs off) or, with a Retry-After, reschedule the job.
 */
export async function syncContact(deps: Deps, payload: Payload): Promise<SyncOutcome> {
  const db = deps.database.db;
  const customer = await liveCustomer(db, payload.customerId);
  if (!customer) return "skipped";
  const [connection] = await db.select().from(connections).where(eq(connections.id, payload.connectionId));
  if (!connection || connection.deletedAt || connection.workspaceId !== customer.workspaceId) return "skipped";
  const held = await db
    .select({ kind: customerIdentities.kind, scope: customerIdentities.scope, value: customerIdentities.value })
    .from(customerIdentities)
    .where(eq(customerIdentities.customerId, customer.id));
  if (held.some((i) => i.kind === "platform" && i.scope === connection.id)) return "skipped";
  const target: ContactTarget = {
    name: customer.name ?? undefined,
    email: held.find((i) => i.kind === "email")?.value,
    phone: held.find((i) => i.kind === "phone")?.value,
  };
  if (!target.email && !target.phone) return "skipped";

  const result: Result<{ id: string; created: boolean }, PlatformError> = await findContactOnPlatform(
    deps,
    connection,
    target,
  );
  if (!result.ok) {
    const error = result.error;
    if (!error.retryable) {
      deps.log.warn(
        { customerId: customer.id, connectionId: connection.id, error: error.message },
        "contact sync gave up",
      );
      return "gave_up";
    }
    if (error.retryAfterMs !== undefined) {
      await enqueueContactSync(db, payload, new Date(deps.now() + error.retryAfterMs));
      return "rescheduled";
    }
    throw new Error(`contact sync failed: ${error.message}`);
  }
  await record(deps, customer.workspaceId, customer.id, connection, result.value.id);
  deps.log.info(
    { customerId: customer.id, connectionId: connection.id, contactId: result.value.id, created: result.value.created },
    "customer contact synced",
  );
  return result.value.created ? "created" : "linked";
}

/** Follows merges to the customer that lives on. */
async function liveCustomer(db: DbOrTx, id: string) {
  let current = id;
  for (let hops = 0; hops < 20; hops++) {
    const [row] = await db.select().from(customers).where(eq(customers.id, current));
    if (!row) return undefined;
    if (!row.mergedInto) return row;
    current = row.mergedInto;
  }
  return undefined;
}

/** The contact becomes a platform identity; one that already belongs to someone else goes to the review queue. */
async function record(
  deps: Deps,
  workspaceId: string,
  customerId: string,
  connection: { id: string; platform: string },
  contactId: string,
): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    const identity = { kind: "platform" as const, scope: connection.id, value: contactId };
    await lockForLinking(tx, workspaceId, [identityKey(identity)]);
    const [owner] = await tx
      .select({ customerId: customerIdentities.customerId })
      .from(customerIdentities)
      .where(
        and(
          eq(customerIdentities.workspaceId, workspaceId),
          eq(customerIdentities.kind, "platform"),
          eq(customerIdentities.scope, connection.id),
          eq(customerIdentities.value, contactId),
        ),
      );
    if (owner && owner.customerId !== customerId) {
      await queueReviews(
        tx,
        workspaceId,
        customerId,
        [
          {
            otherCustomerId: owner.customerId,
            reason: "shared_phone",
            identity: `platform:${connection.id}:${contactId}`,
          },
        ],
        { contactSync: connection.platform },
      );
      return;
    }
    if (!owner) {
      await addIdentities(
        tx,
        workspaceId,
        customerId,
        [{ kind: "platform", scope: connection.id, platform: connection.platform, value: contactId, verified: false }],
        "contact-sync",
      );
    }
  });
}
