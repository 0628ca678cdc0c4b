import type pg from "pg";
import type { ActiveConnection, ConnectionCache } from "../connections/cache.ts";
import { isPlatformId } from "../domain/platform.ts";
import { JOBS } from "../jobs/catalog.ts";
import { newId } from "../lib/ids.ts";
import type { PlatformRegistry } from "../platforms/registry.ts";
import type { Headers, RejectReason } from "../platforms/types.ts";

export type IngestRejectReason =
  | RejectReason
  | "unknown_platform"
  | "unknown_connection"
  | "platform_mismatch"
  | "secret_not_configured"
  | "body_too_large";

/** What happened to one webhook request; the route maps it to a status in one switch. */
export type IngestOutcome =
  | { kind: "accepted"; eventId: string }
  | { kind: "duplicate" }
  | { kind: "handshake"; headers: Headers }
  | { kind: "rejected"; reason: IngestRejectReason; detail?: string; connection?: ActiveConnection };

export type IngestDeps = {
  pool: pg.Pool;
  connections: ConnectionCache;
  platforms: PlatformRegistry;
  maxSkewMs: number;
};

export type IngestRequest = {
  platform: string;
  connectionId: string;
  rawBody: Buffer;
  headers: Headers;
  nowMs: number;
};

const CONNECTION_ID = /^con_[0-9a-z]{22}$/;

/** verify → dedupe → store event and job in one statement → answer. Nothing else happens on the request path. */
export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<IngestOutcome> {
  if (!isPlatformId(req.platform)) return { kind: "rejected", reason: "unknown_platform" };
  const connection = CONNECTION_ID.test(req.connectionId) ? await deps.connections.get(req.connectionId) : null;
  if (!connection) return { kind: "rejected", reason: "unknown_connection" };
  if (connection.platform !== req.platform) return { kind: "rejected", reason: "platform_mismatch", connection };

  const platform = deps.platforms[req.platform];
  const handshakeHeaders = platform.handshake?.(req.headers);
  if (handshakeHeaders) return { kind: "handshake", headers: handshakeHeaders };

  if (!connection.webhookSecret) return { kind: "rejected", reason: "secret_not_configured", connection };
  const verified = platform.verify({
    rawBody: req.rawBody,
    headers: req.headers,
    secret: connection.webhookSecret,
    nowMs: req.nowMs,
    maxSkewMs: deps.maxSkewMs,
  });
  if (!verified.ok) return { kind: "rejected", reason: verified.reason, detail: verified.detail, connection };

  const eventId = newId("evt", req.nowMs);
  // One statement is one transaction: the event row and its job commit together or not at all. A conflict on
  // (connection, dedupe key) inserts nothing, so a duplicate never gets a second job.
  const res = await deps.pool.query({
    name: "ingest-webhook",
    text: `with inserted as (
        insert into webhook_events (id, workspace_id, platform, connection_id, dedupe_key, status, headers, raw_body, body_bytes, received_at)
        values ($1, $2, $3, $4, $5, 'received', $6, $7, $8, to_timestamp($9::double precision / 1000))
        on conflict (connection_id, dedupe_key) do nothing
        returning id
      )
      select (graphile_worker.add_job('process-webhook', json_build_object('eventId', id), max_attempts => $10)).id
      from inserted`,
    values: [
      eventId,
      connection.workspaceId,
      req.platform,
      connection.id,
      verified.dedupeKey,
      JSON.stringify(verified.keptHeaders),
      req.rawBody,
      req.rawBody.length,
      req.nowMs,
      JOBS["process-webhook"].maxAttempts,
    ],
  });
  return res.rowCount === 0 ? { kind: "duplicate" } : { kind: "accepted", eventId };
}
