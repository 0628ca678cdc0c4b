import { sha256Hex } from "../../lib/crypto.ts";
import { JSON_LIMITS } from "../../lib/json-bounds.ts";
import type { LivechatEnvelope } from "./webhook-schema.ts";
import { routingStatusSchema } from "./webhook-schema.ts";

/**
 * LiveChat sends no delivery id, and `webhook_id` most likely names the registration, not the delivery
 * (platforms/livechat.md §1.3, UNCONFIRMED), so retries are recognised by natural keys from the payload.
 */
export function dedupeKeyFor(envelope: LivechatEnvelope, nowMs: number): string {
  const { action, payload } = envelope;
  const fallback = `${action}:${sha256Hex(canonicalJson(payload))}`;
  switch (action) {
    case "incoming_event": {
      const event = asRecord(payload.event);
      const eventId = str(event?.id);
      const chatId = str(payload.chat_id) ?? "";
      const threadId = str(payload.thread_id) ?? "";
      if (!eventId) return `${action}:${chatId}:${threadId}:${sha256Hex(canonicalJson(payload))}`;
      return isGloballyUnique(eventId, threadId)
        ? `${action}:${eventId}`
        : `${action}:${chatId}:${threadId}:${eventId}`;
    }
    case "incoming_chat": {
      const threadId = str(asRecord(asRecord(payload.chat)?.thread)?.id);
      return threadId ? `${action}:${threadId}` : fallback;
    }
    case "chat_deactivated": {
      const threadId = str(payload.thread_id);
      return threadId ? `${action}:${threadId}` : fallback;
    }
    case "routing_status_set": {
      // No id at all: a retry inside the same second collapses; a real change a second later is a new event,
      // which is harmless because routing status is last-write-wins.
      const agentId = str(payload.agent_id);
      const status = routingStatusSchema.safeParse(payload.status);
      if (!agentId || !status.success) return fallback;
      return `${action}:${agentId}:${status.data}:${Math.floor(nowMs / 1000)}`;
    }
    default:
      return fallback;
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
