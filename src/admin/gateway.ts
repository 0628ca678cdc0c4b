import { findConnection } from "../connections/repo.ts";
import type { Deps } from "../deps.ts";
import { ApiError, type ErrorCode } from "../http/errors.ts";
import type { PlatformError } from "../lib/http-client.ts";
import type { Result } from "../lib/result.ts";
import type { RingcentralClient } from "../platforms/ringcentral/client.ts";
import type { AdminCall } from "./calls.ts";

/** One RingCentral connection of a workspace, opened for administration. */
export type AdminTarget = {
  workspaceId: string;
  connectionId: string;
  client: RingcentralClient;
  /** Requests this target has sent (jobs report them). */
  sent: number;
};

/** The connection must exist in the caller's workspace and be a RingCentral one; anything else is a 404. */
export async function openTarget(deps: Deps, workspaceId: string, connectionId: string): Promise<AdminTarget> {
  const row = await findConnection(deps.database.db, workspaceId, connectionId);
  // A connection of another platform is as unknown here as a missing one.
  if (row?.platform !== "ringcentral") throw new ApiError("not_found", "RingCentral connection not found");
  return { workspaceId, connectionId, client: deps.clients.ringcentral(row).client, sent: 0 };
}

/** How long an API request waits here for a rate-limit slot before answering 429 with Retry-After. */
export const API_MAX_WAIT_MS = 10_000;

/**
 * Sends one admin call through RingcentralClient's request path: the connection's OAuth tokens and the rate budget
 * shared by every hub process through PostgreSQL (platforms/ringcentral/budget.ts).
 */
export async function sendCall<T>(
  target: AdminTarget,
  call: AdminCall<T>,
  maxWaitMs = API_MAX_WAIT_MS,
): Promise<Result<T, PlatformError>> {
  const result = await target.client.send(call, { maxWaitMs });
  if (result.ok || result.error.code !== "RATE_LIMITED_LOCALLY") target.sent += 1;
  return result;
}

function codeFor(error: PlatformError): ErrorCode {
  if (error.waitingFor || error.status === 429) return "rate_limited";
  switch (error.status) {
    case 400:
    case 415:
      return "bad_request";
    case 401:
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    default:
      return error.status !== undefined && error.status < 500 ? "unprocessable" : "unavailable";
  }
}

/** RingCentral's refusal in the hub's envelope, keeping its errorCode (CMN-102 …) and status in `details`. */
export function platformApiError(error: PlatformError): ApiError {
  return new ApiError(codeFor(error), `RingCentral: ${error.message}`, {
    platform: "ringcentral",
    status: error.status ?? null,
    errorCode: error.code ?? null,
    retryAfterMs: error.retryAfterMs ?? null,
  });
}

/** Unwraps a result or throws the matching API error. */
export async function mustSend<T>(target: AdminTarget, call: AdminCall<T>, maxWaitMs?: number): Promise<T> {
  const result = await sendCall(target, call, maxWaitMs);
  if (!result.ok) throw platformApiError(result.error);
  return result.value;
}
