import type pg from "pg";
import { newId } from "../lib/ids.ts";
import type { PlatformRegistry } from "../platforms/registry.ts";
import type { IngestOutcome } from "./ingest.ts";
import { redactRejectedBody, redactRejectedHeaders } from "./redact.ts";

type Rejection = Extract<IngestOutcome, { kind: "rejected" }>;

/**
 * Records rejected webhooks for inspection, bounded two ways so a flood cannot fill the disk: a per-connection
 * token bucket (beyond it, rejections are only counted in metrics) and a truncated body. The prune job keeps the
 * newest WEBHOOK_REJECTED_KEEP rows per workspace. Secrets are redacted before the row is written (redact.ts):
 * a rejected delivery may carry the real secret (a cut-off LiveChat body) or a near miss of it.
 */
export class RejectionRecorder {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #pool: pg.Pool;
  readonly #maxBodyBytes: number;
  readonly #perSecond: number;
  readonly #platforms: PlatformRegistry;

  constructor(pool: pg.Pool, options: { maxBodyBytes: number; platforms: PlatformRegistry; perSecond?: number }) {
    this.#pool = pool;
    this.#platforms = options.platforms;
    this.#maxBodyBytes = options.maxBodyBytes;
    this.#perSecond = options.perSecond ?? 20;
  }

  /** Returns the stored row id, or null when the rejection was not stored (unknown connection, or over budget). */
  async record(
    rejection: Rejection,
    input: { platform: string; rawBody: Buffer; headers: Record<string, string | undefined>; nowMs: number },
  ): Promise<string | null> {
    const connection = rejection.connection;
    if (!connection || !this.#take(connection.id, input.nowMs)) return null;
    const id = newId("evt", input.nowMs);
    const secrets = connection.webhookSecret ? [connection.webhookSecret] : [];
    const body = redactRejectedBody(input.rawBody, this.#platforms, secrets).subarray(0, this.#maxBodyBytes);
    const headers = redactRejectedHeaders(input.headers, secrets);
    await this.#pool.query(
      `insert into webhook_events (id, workspace_id, platform, connection_id, status, reason, headers, raw_body, body_bytes, error_details, received_at)
       values ($1, $2, $3, $4, 'rejected', $5, $6, $7, $8, $9, to_timestamp($10::double precision / 1000))`,
      [
        id,
        connection.workspaceId,
        input.platform,
        connection.id,
        rejection.reason,
        JSON.stringify(headers),
        body,
        input.rawBody.length,
        rejection.detail ? JSON.stringify({ detail: rejection.detail }) : null,
        input.nowMs,
      ],
    );
    return id;
  }

  #take(key: string, nowMs: number): boolean {
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perSecond, at: nowMs };
    bucket.tokens = Math.min(this.#perSecond, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.#perSecond);
    bucket.at = nowMs;
    if (this.#buckets.size > 10_000) this.#buckets.clear();
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
