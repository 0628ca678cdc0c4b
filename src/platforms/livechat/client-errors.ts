import { z } from "zod";
import type { PlatformError, RawResponse } from "../../lib/http-client.ts";
import { httpError, isRetryableStatus } from "../../lib/http-client.ts";

/** Every LiveChat API reports errors as `{"error": {"type", "message", "data"?}}` (platforms/livechat.md §2.3). */
export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    type: z.string().optional(),
    message: z.string().optional(),
    data: z.unknown().optional(),
  }),
});

/**
 * Error types that may succeed if sent again later. The docs give no HTTP status per type (UNCONFIRMED), so the
 * type decides whatever the status says: `too_many_requests` under a 400 or 403 is still a back-off signal.
 */
const RETRYABLE_TYPES = new Set([
  "too_many_requests",
  "internal",
  "service_unavailable",
  "request_timeout",
  "pending_requests_limit_reached",
]);

/** Types from the docs' error catalogue that will fail the same way on every retry. */
const PERMANENT_TYPES = new Set([
  "authentication",
  "authorization",
  "validation",
  "not_found",
  "already_exists",
  "misdirected_request",
  "chat_inactive",
  "agent_offline",
  "entity_too_large",
  "license_expired",
  "license_not_found",
  "limit_reached",
  "missing_access",
  "not_allowed",
  "unsupported_version",
  "wrong_product_version",
  "group_not_found",
  "customer_banned",
  "chat_anonymized",
  "requester_suspended",
  "requester_awaiting_approval",
  "requester_already_offline",
  "ownership_transfer",
  "transfer_ownership",
]);

/** Builds the PlatformError for a LiveChat error response (any status, or a 200 carrying an error body). */
export function livechatError(res: RawResponse): PlatformError {
  const body = errorBodySchema.safeParse(res.json);
  const type = body.success ? body.data.error.type : undefined;
  const message = body.success ? body.data.error.message : undefined;
  const base = httpError(res, type, message ?? (res.text ? truncate(res.text) : undefined));

  let retryable: boolean;
  if (type !== undefined && RETRYABLE_TYPES.has(type)) retryable = true;
  else if (type !== undefined && PERMANENT_TYPES.has(type)) retryable = false;
  else retryable = isRetryableStatus(res.status);

  const kind = type === "authentication" || res.status === 401 ? "auth" : base.kind;
  return { ...base, kind, retryable };
}

const truncate = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
