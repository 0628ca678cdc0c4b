import type pg from "pg";
import { JOBS } from "../jobs/catalog.ts";

export type StoredWebhook = {
  id: string;
  workspaceId: string;
  platform: string;
  connectionId: string;
  dedupeKey: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  receivedAtMs: number;
  /** Processed ahead of other webhooks (an agent's status or call): its job gets a higher priority. */
  urgent?: boolean;
};

/** graphile-worker runs lower numbers first; everything else has the default 0. */
export const URGENT_PRIORITY = -10;

type Pending = { row: StoredWebhook; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };

/**
 * Group commit: webhooks that arrive while a write is in flight are stored together, in one statement (one
 * transaction, one WAL flush) that inserts the events and adds a job for each new one. Each caller still learns
 * its own outcome and is answered only after the commit. At low load a batch is one webhook, so no latency is
 * added; under load the number of commits per second stops being the limit.
 */
export class WebhookWriter {
  readonly #pool: pg.Pool;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(pool: pg.Pool, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.#pool = pool;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxInFlight = options.maxInFlight ?? 4;
  }

  /** Resolves true when stored (with its job), false when the dedupe key was already stored. */
  store(row: StoredWebhook): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight += 1;
      void this.#flush(batch).finally(() => {
        this.#inFlight -= 1;
        this.#pump();
      });
    }
  }

  async #flush(batch: Pending[]): Promise<void> {
    try {
      const rows = batch.map((p) => p.row);
      const res = await this.#pool.query<{ id: string }>({
        name: "ingest-webhook-batch",
        text: `with input as (
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::bytea[], $8::float8[], $10::smallint[])
              as t(id, workspace_id, platform, connection_id, dedupe_key, headers, raw_body, received_ms, priority)
          ), inserted as (
            insert into webhook_events (id, workspace_id, platform, connection_id, dedupe_key, status, headers, raw_body, body_bytes, received_at)
            select id, workspace_id, platform, connection_id, dedupe_key, 'received', headers, raw_body, length(raw_body), to_timestamp(received_ms / 1000)
            from input
            on conflict (connection_id, dedupe_key) do nothing
            returning id
          ), jobs as (
            -- add_jobs is set-based: one insert and one NOTIFY for the whole batch.
            select count(*) from graphile_worker.add_jobs((
              select array_agg(row('process-webhook', json_build_object('eventId', inserted.id), null, null, $9, null, input.priority, null)::graphile_worker.job_spec)
              from inserted join input on input.id = inserted.id
            ))
          )
          -- The scalar subquery runs the jobs CTE only when something was inserted.
          select id, (select * from jobs) as jobs from inserted`,
        values: [
          rows.map((r) => r.id),
          rows.map((r) => r.workspaceId),
          rows.map((r) => r.platform),
          rows.map((r) => r.connectionId),
          rows.map((r) => r.dedupeKey),
          rows.map((r) => JSON.stringify(r.headers)),
          rows.map((r) => r.rawBody),
          rows.map((r) => r.receivedAtMs),
          JOBS["process-webhook"].maxAttempts,
          rows.map((r) => (r.urgent ? URGENT_PRIORITY : 0)),
        ],
      });
      const inserted = new Set(res.rows.map((r) => r.id));
      for (const p of batch) p.resolve(inserted.has(p.row.id));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
