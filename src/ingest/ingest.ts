import type { ActiveConnection, ConnectionCache } from "../connections/cache.ts";
import { isPlatformId } from "../domain/platform.ts";
import { newId } from "../lib/ids.ts";
import type { PlatformRegistry } from "../platforms/registry.ts";
import type { Headers, RejectReason } from "../platforms/types.ts";
import { type BodyRuleReason, checkWebhookBody } from "./body-rules.ts";
import type { WebhookWriter } from "./group-commit.ts";

/** Why a body was refused before it reached ingest (by the HTTP layer: size cap, unreadable Content-Type). */
export type RefusedBody = "body_too_large" | "unsupported_media_type" | "unreadable_body";

/** The closed list of rejection reasons: a metric label and a stored column, so nothing else may appear. */
export type IngestRejectReason =
  | RejectReason
  | BodyRuleReason
  | RefusedBody
  | "unknown_platform"
  | "unknown_connection"
  | "platform_mismatch"
  | "secret_not_configured";

/** What happened to one webhook request; the route maps it to a status in one switch. */
export type IngestOutcome =
  | { kind: "accepted"; eventId: string }
  | { kind: "duplicate" }
  | { kind: "handshake"; headers: Headers }
  | { kind: "rejected"; reason: IngestRejectReason; detail?: string; connection?: ActiveConnection };

export type IngestDeps = {
  writer: WebhookWriter;
  connections: ConnectionCache;
  platforms: PlatformRegistry;
  maxSkewMs: number;
};

export type IngestRequest = {
  platform: string;
  connectionId: string;
  /** The bytes, or why the HTTP layer could not read them (the rejection is still attributed and recorded). */
  rawBody: Buffer | { refused: RefusedBody; detail?: string };
  headers: Headers;
  nowMs: number;
};

const CONNECTION_ID = /^con_[0-9a-z]{22}$/;

/** verify → dedupe → store event and job in one transaction → answer. Nothing else happens on the request path. */
export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestOutcome> {
  if (!isPlatformId(req.platform)) return { kind: "rejected", reason: "unknown_platform" };
  const connection = CONNECTION_ID.test(req.connectionId) ? await deps.connections.get(req.connectionId) : null;
  if (!connection) return { kind: "rejected", reason: "unknown_connection" };
  if (connection.platform !== req.platform) return { kind: "rejected", reason: "platform_mismatch", connection };
  const rawBody = req.rawBody;
  if (!Buffer.isBuffer(rawBody)) {
    return { kind: "rejected", reason: rawBody.refused, detail: rawBody.detail, connection };
  }

  const platform = deps.platforms[req.platform];
  const handshakeHeaders = platform.handshake?.(req.headers);
  if (handshakeHeaders) return { kind: "handshake", headers: handshakeHeaders };

  // The same rule for every platform (media type, encoding, JSON depth and keys) before any platform code runs.
  const violation = checkWebhookBody(rawBody, req.headers);
  if (violation) return { kind: "rejected", reason: violation.reason, detail: violation.detail, connection };

  if (!connection.webhookSecret) return { kind: "rejected", reason: "secret_not_configured", connection };
  const verified = platform.verify({
    rawBody,
    headers: req.headers,
    secret: connection.webhookSecret,
    nowMs: req.nowMs,
    maxSkewMs: deps.maxSkewMs,
  });
  if (!verified.ok) return { kind: "rejected", reason: verified.reason, detail: verified.detail, connection };

  const eventId = newId("evt", req.nowMs);
  // The event row and its job commit together or not at all; a conflict on (connection, dedupe key) stores
  // nothing, so a duplicate never gets a second job.
  const inserted = await deps.writer.store({
    id: eventId,
    workspaceId: connection.workspaceId,
    platform: req.platform,
    connectionId: connection.id,
    dedupeKey: verified.dedupeKey,
    headers: verified.keptHeaders,
    rawBody: verified.storedBody ?? rawBody,
    receivedAtMs: req.nowMs,
    urgent: verified.urgent ?? false,
  });
  return inserted ? { kind: "accepted", eventId } : { kind: "duplicate" };
}
