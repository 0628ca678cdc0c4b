import { sha256Hex } from "../../lib/crypto.ts";
import { JSON_LIMITS } from "../../lib/json-bounds.ts";
import type { LivechatEnvelope } from "./webhook-schema.ts";
import { routingStatusSchema } from "./webhook-schema.ts";

/**
 * A dedupe key must identify a DELIVERY, never a value: two real changes can carry identical payloads.
 *
 * What LiveChat's retries look like (platforms/livechat.md §1.3): the same webhook body is POSTed again when we
 * do not answer HTTP 200 within about 10 s — "up to 3 times within ~1 minute" (an older copy of the guide said
 * up to 10 times within 6 hours; the exact back-off is UNCONFIRMED). No delivery id or retry header is
 * documented, and `webhook_id` most likely names the webhook registration, not the delivery (UNCONFIRMED: it
 * could also be per delivery, so it is not relied on either way). A redelivery is therefore byte-identical to
 * its original, and it only happens when our answer was lost: we crashed, timed out, or answered an error.
 *
 * So events with a natural id (a chat event's id, a thread's id for chat start and end) are keyed on it: a
 * redelivery shares it, a new event cannot. Actions without one (`routing_status_set`, transfers, users added
 * or removed, customer updates) carry only values, and the same value legitimately comes back (not accepting →
 * accepting → not accepting within a second; a chat transferred back to its first agent). No pure function of
 * the bytes can tell such a change from a redelivery, and collapsing a real change loses it for good, so these
 * are keyed per arrival (to the millisecond). A redelivery of them is then stored again and recognised
 * downstream instead: the availability engine places reports by time and reads a report of the state the
 * platform already showed as no news (not as a person's choice), and assignments are idempotent. The only cost
 * is the case LiveChat's docs leave open: a redelivery that arrives after a newer change is applied as the
 * latest report, which the periodic read-back of routing statuses (reconciliation) repairs.
 */
export function dedupeKeyFor(envelope: LivechatEnvelope, nowMs: number): string {
  const { action, payload } = envelope;
  // Per arrival: the payload (whatever its key order) plus our receive time in milliseconds.
  const perArrival = `${action}:${sha256Hex(canonicalJson(payload))}:${nowMs}`;
  switch (action) {
    case "incoming_event": {
      const event = asRecord(payload.event);
      const eventId = str(event?.id);
      const chatId = str(payload.chat_id) ?? "";
      const threadId = str(payload.thread_id) ?? "";
      if (!eventId) return `${action}:${chatId}:${threadId}:${sha256Hex(canonicalJson(payload))}:${nowMs}`;
      return isGloballyUnique(eventId, threadId)
        ? `${action}:${eventId}`
        : `${action}:${chatId}:${threadId}:${eventId}`;
    }
    case "incoming_chat": {
      const threadId = str(asRecord(asRecord(payload.chat)?.thread)?.id);
      return threadId ? `${action}:${threadId}` : perArrival;
    }
    case "chat_deactivated": {
      // A thread is deactivated once; a returning customer opens a new thread.
      const threadId = str(payload.thread_id);
      return threadId ? `${action}:${threadId}` : perArrival;
    }
    case "routing_status_set": {
      // Readable keys for the sync log: agent and normalised status, then the arrival (see above).
      const agentId = str(payload.agent_id);
      const status = routingStatusSchema.safeParse(payload.status);
      if (!agentId || !status.success) return perArrival;
      return `${action}:${agentId}:${status.data}:${nowMs}`;
    }
    default:
      return perArrival;
  }
}

/**
 * Documented event ids are `<thread_id>_<n>` or UUIDs, both unique across the license. Anything else
 * might only be unique inside its thread, so it gets scoped by chat and thread.
 */
function isGloballyUnique(eventId: string, threadId: string): boolean {
  if (threadId && eventId.startsWith(`${threadId}_`)) return true;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId);
}

/**
 * JSON with object keys sorted, so the same payload always hashes the same whatever the key order. Ingest has
 * bounded the depth already (JSON_LIMITS); the recursion carries its own bound anyway, so no caller can make it
 * overflow the stack: below the limit the rest is one opaque marker.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > JSON_LIMITS.maxDepth) return '"[depth limit]"';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(",")}]`;
  const record = asRecord(value);
  if (record) {
    const entries = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], depth + 1)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
