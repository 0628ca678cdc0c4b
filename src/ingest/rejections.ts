import type pg from "pg";
import { newId } from "../lib/ids.ts";
import type { IngestOutcome } from "./ingest.ts";

type Rejection = Extract<IngestOutcome, { kind: "rejected" }>;

/**
 * Records rejected webhooks for inspection, bounded two ways so a flood cannot fill the disk: a per-connection
 * token bucket (beyond it, rejections are only counted in metrics) and a truncated body. The prune job keeps the
 * newest WEBHOOK_REJECTED_KEEP rows per workspace.
 */
export class RejectionRecorder {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #pool: pg.Pool;
  readonly #maxBodyBytes: number;
  readonly #perSecond: number;

  constructor(pool: pg.Pool, options: { maxBodyBytes: number; perSecond?: number }) {
    this.#pool = pool;
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
    const body = input.rawBody.subarray(0, this.#maxBodyBytes);
    const headers = pickSafeHeaders(input.headers);
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

const KEPT = ["content-type", "content-length", "user-agent", "x-chatwoot-delivery", "x-chatwoot-timestamp"];

/** Secrets (tokens, signatures) are never stored with a rejection: they may be someone's real secret mistyped. */
function pickSafeHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT) {
    const value = headers[name];
    if (value !== undefined) out[name] = value.slice(0, 256);
  }
  return out;
}
