import { eq } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { webhookEvents } from "../db/schema/index.ts";
import type { Deps } from "../deps.ts";
import type { DomainEvent } from "../domain/events.ts";
import { isPlatformId } from "../domain/platform.ts";
import { parseBoundedJson } from "../lib/json-bounds.ts";
import type { Headers } from "../platforms/types.ts";

/** Something that acts on a normalised event, inside the transaction that marks the webhook processed. */
export type EventHandler = (
  tx: Tx,
  /** `nowMs`: the hub's clock (`deps.now`) when the event was processed; handlers decide with it. */
  ctx: { workspaceId: string; connectionId: string; eventId: string; nowMs: number },
  event: DomainEvent,
) => Promise<void>;

/**
 * Parses a stored webhook with its platform's schema, maps it to a DomainEvent, stores that on the row and hands it
 * to the handlers — all in one transaction, so a crash repeats the whole step, never half of it. A payload that
 * does not match the schema is marked failed with the zod issues (retrying cannot help); an infrastructure error
 * throws and graphile-worker retries with backoff.
 */
export async function processWebhook(deps: Deps, handlers: EventHandler[], eventId: string): Promise<void> {
  const nowMs = deps.now();
  await deps.database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).for("update");
    if (!row || row.status === "processed" || row.status === "rejected") return;
    if (!isPlatformId(row.platform)) return;
    const attempts = row.attempts + 1;
    // Bounded like ingest: a row stored before ingest checked depth must fail cleanly, not overflow the stack.
    const parsed = parseBoundedJson(row.rawBody.toString("utf8"));
    if (!parsed.ok) {
      const message = parsed.error.reason === "malformed_json" ? "stored body is not JSON" : parsed.error.detail;
      await tx
        .update(webhookEvents)
        .set({ status: "failed", attempts, errorDetails: { message } })
        .where(eq(webhookEvents.id, row.id));
      return;
    }
    const body = parsed.value;
    const platform = deps.platforms[row.platform];
    // The platform's own name for the event, kept whatever the outcome; what the hub made of it is domainEvent.
    const eventType = platform.eventName(body);
    const mapped = platform.map(body, {
      receivedAt: row.receivedAt.toISOString(),
      headers: row.headers as Headers,
    });
    if (!mapped.ok) {
      await tx
        .update(webhookEvents)
        .set({
          status: "failed",
          attempts,
          processedAt: new Date(nowMs),
          eventType,
          errorDetails: { message: mapped.error.message, issues: mapped.error.issues },
        })
        .where(eq(webhookEvents.id, row.id));
      return;
    }
    const outcome = mapped.value;
    await tx
      .update(webhookEvents)
      .set({
        status: "processed",
        attempts,
        processedAt: new Date(nowMs),
        domainEvent: outcome.kind === "event" ? outcome.event : outcome,
        eventType: eventType ?? (outcome.kind === "event" ? outcome.event.type : null),
        errorDetails: null,
      })
      .where(eq(webhookEvents.id, row.id));
    if (outcome.kind !== "event") return;
    const ctx = { workspaceId: row.workspaceId, connectionId: row.connectionId, eventId: row.id, nowMs };
    for (const handle of handlers) await handle(tx, ctx, outcome.event);
  });
}
