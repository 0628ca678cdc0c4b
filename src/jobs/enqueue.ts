import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { JOBS, type JobName, type JobPayload } from "./catalog.ts";

export type EnqueueOptions = {
  /** Jobs in one queue run one at a time across all workers (per-agent serialisation). */
  queue?: string;
  /** Replaces a pending job with the same key instead of adding a second one. */
  jobKey?: string;
  runAt?: Date;
  /** `preserve_run_at`: a second enqueue with the same key keeps the first run time (coalescing). */
  jobKeyMode?: "replace" | "preserve_run_at";
};

/** Adds a job inside the caller's transaction: it exists if and only if the caller's writes commit. */
export async function enqueue<N extends JobName>(
  tx: DbOrTx,
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions = {},
): Promise<void> {
  const parsed = JOBS[name].payload.parse(payload);
  await tx.execute(sql`select graphile_worker.add_job(
    ${name},
    ${JSON.stringify(parsed)}::json,
    queue_name => ${options.queue ?? null},
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${JOBS[name].maxAttempts},
    job_key => ${options.jobKey ?? null},
    job_key_mode => ${options.jobKeyMode ?? "replace"}
  )`);
}
