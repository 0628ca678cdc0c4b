import type { FastifyReply, FastifyRequest } from "fastify";
import { type AdminCall, describeCall } from "../../admin/calls.ts";
import { type AdminTarget, openTarget, platformApiError, sendCall } from "../../admin/gateway.ts";
import { claimKey, completeKey, type IdempotencyScope, releaseKey, requestHash } from "../../admin/idempotency.ts";
import { audit } from "../../db/audit.ts";
import type { Deps } from "../../deps.ts";
import { principalOf } from "../../http/auth.ts";
import { ApiError, ERROR_CODES } from "../../http/errors.ts";

export type WriteSpec = {
  call: AdminCall;
  /** Reads the resource, before the write and (when the write answers nothing) after it: the audit's before/after. */
  read?: AdminCall;
  /** Part of the request the description does not show (an upload's content digest), for the idempotency hash. */
  hashExtra?: string;
};

/** A rate limit or outage tells the caller when to try again. */
export function retryAfter(reply: FastifyReply, ms: number | undefined): void {
  if (ms !== undefined) reply.header("retry-after", String(Math.max(1, Math.ceil(ms / 1000))));
}

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/** `?dryRun=true`: the exact request(s) that would be sent, and nothing sent. */
export function dryRunAnswer(calls: AdminCall[]) {
  return { dryRun: true, requests: calls.map(describeCall) };
}

async function readState(target: AdminTarget, read: AdminCall | undefined): Promise<unknown> {
  if (!read) return null;
  const result = await sendCall(target, read);
  return result.ok ? result.value : null;
}

/**
 * One admin write: Idempotency-Key claimed in PostgreSQL (a retry gets the first answer), the before state read,
 * the request sent through the shared rate budget, the after state, an audit row with both, the answer stored.
 * RingCentral's refusals (4xx) are final and stored too; a rate limit or an outage releases the key for a retry.
 */
export async function handleWrite(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  connectionId: string,
  spec: WriteSpec | (() => WriteSpec),
  dryRun: boolean,
): Promise<FastifyReply> {
  const principal = principalOf(req);
  const target = await openTarget(deps, principal.workspaceId, connectionId);
  const resolved = typeof spec === "function" ? spec() : spec;
  if (dryRun) return reply.send(dryRunAnswer([resolved.call]));
  const key = req.headers["idempotency-key"];
  if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
    throw new ApiError("bad_request", "writes need an Idempotency-Key header (1-200 letters, digits, . _ : -)");
  }
  const db = deps.database.db;
  const scope: IdempotencyScope = { workspaceId: principal.workspaceId, connectionId, idempotencyKey: key };
  const bodyForHash = resolved.call.body instanceof FormData ? describeCall(resolved.call).body : resolved.call.body;
  const claim = await claimKey(db, scope, requestHash(req.method, req.url, [bodyForHash, resolved.hashExtra ?? null]));
  if (claim.kind === "conflict") throw new ApiError("conflict", claim.reason);
  if (claim.kind === "replay") {
    reply.header("idempotent-replayed", "true");
    return claim.statusCode === 204 ? reply.code(204).send() : reply.code(claim.statusCode).send(claim.response);
  }
  try {
    const before = await readState(target, resolved.read);
    const result = await sendCall(target, resolved.call);
    const request = describeCall(resolved.call);
    if (!result.ok) {
      const error = platformApiError(result.error);
      if (result.error.retryable) {
        await releaseKey(db, scope);
        retryAfter(reply, result.error.retryAfterMs);
        throw error;
      }
      const envelope = { error: { code: error.code, message: error.message, details: error.details } };
      await audit(db, {
        workspaceId: principal.workspaceId,
        actor: principal.actor,
        action: `ringcentral.${resolved.call.operation}.refused`,
        target: connectionId,
        details: { request, before, error: envelope.error },
      });
      await completeKey(db, scope, ERROR_CODES[error.code], envelope);
      return reply.code(ERROR_CODES[error.code]).send({ error: { ...envelope.error, requestId: req.id } });
    }
    const noContent = result.value === undefined;
    const after =
      noContent && resolved.call.method !== "DELETE" ? await readState(target, resolved.read) : result.value;
    await audit(db, {
      workspaceId: principal.workspaceId,
      actor: principal.actor,
      action: `ringcentral.${resolved.call.operation}`,
      target: connectionId,
      details: { request, before, after: after ?? null },
    });
    await completeKey(db, scope, noContent ? 204 : 200, result.value ?? null);
    return noContent ? reply.code(204).send() : reply.send(result.value);
  } catch (error) {
    // Anything unexpected before the answer was stored: the claim goes, so the client's retry runs for real.
    await releaseKey(db, scope).catch(() => undefined);
    throw error;
  }
}
