import os from "node:os";
import type pg from "pg";
import type { Logger } from "pino";

export type HeartbeatOptions = {
  /** How often this pool says it is alive (and looks for dead pools). */
  intervalMs: number;
  /** A pool silent for this long is dead; a lock this old held by a pool without a heartbeat is orphaned. */
  deadAfterMs: number;
};

export type Heartbeat = {
  /** Runs one beat now: refresh our row, release what dead pools hold. Resolves to the pools released. */
  beat(): Promise<string[]>;
  /** Stops beating and removes our row (after the pool returned its jobs on a graceful stop). */
  stop(): Promise<void>;
};

/** Only one process sweeps per beat; the others skip the sweep instead of waiting for the lock. */
const SWEEP_LOCK = 7262022;

/**
 * graphile-worker writes its pool id into `locked_by` of every job (including the batch its local queue holds)
 * and named queue it takes, and on its own releases them only 4 hours later. A SIGKILLed worker would leave
 * them locked that long. So each pool keeps a heartbeat row, and each beat releases (graphile-worker's
 * `force_unlock_workers`) everything locked by a pool that has no fresh heartbeat:
 *  - a pool whose row went stale (the process died, or its event loop stalled past `deadAfterMs`: its jobs then
 *    run again elsewhere, which is safe because every job is written to be repeatable);
 *  - a pool without a row at all (it died before its first beat, or ran a version without heartbeats), once its
 *    lock is older than `deadAfterMs`, which covers the moment between a pool's first fetch and first beat.
 * Released jobs are at once available to the live workers (their next poll, within a second).
 */
export function startHeartbeat(pool: pg.Pool, poolId: string, log: Logger, options: HeartbeatOptions): Heartbeat {
  let stopped = false;
  let running: Promise<string[]> | null = null;
  const beat = async (): Promise<string[]> => {
    await pool.query(
      `insert into worker_heartbeats (pool_id, hostname, pid) values ($1, $2, $3)
       on conflict (pool_id) do update set last_seen_at = now()`,
      [poolId, os.hostname(), process.pid],
    );
    return sweep(pool, options.deadAfterMs);
  };
  const tick = () => {
    if (stopped || running) return;
    running = beat()
      .then((released) => {
        if (released.length > 0) log.warn({ pools: released }, "released the jobs of dead workers");
        return released;
      })
      .catch((error: unknown) => {
        log.warn({ err: error }, "worker heartbeat failed");
        return [];
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    beat,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      await pool.query("delete from worker_heartbeats where pool_id = $1", [poolId]);
    },
  };
}

/** Releases the jobs and queues of dead pools, forgets their heartbeats; returns the pools released. */
export async function sweep(pool: pg.Pool, deadAfterMs: number): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const lock = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock($1) as ok", [SWEEP_LOCK]);
    if (!lock.rows[0]?.ok) {
      await client.query("commit");
      return [];
    }
    const { rows } = await client.query<{ pool_id: string }>(
      `with live as (
         select pool_id from worker_heartbeats where last_seen_at > now() - $1 * interval '1 millisecond'
       ), held as (
         select locked_by from graphile_worker._private_jobs
           where locked_by is not null and locked_at < now() - $1 * interval '1 millisecond'
         union
         select locked_by from graphile_worker._private_job_queues
           where locked_by is not null and locked_at < now() - $1 * interval '1 millisecond'
       )
       select locked_by as pool_id from held where locked_by not in (select pool_id from live)`,
      [deadAfterMs],
    );
    const dead = rows.map((r) => r.pool_id);
    if (dead.length > 0) await client.query("select graphile_worker.force_unlock_workers($1::text[])", [dead]);
    // Rows of pools long gone (and of those just released) are only noise for an operator reading the table.
    await client.query(
      `delete from worker_heartbeats where last_seen_at < now() - $1 * interval '1 millisecond' or pool_id = any($2)`,
      [deadAfterMs, dead],
    );
    await client.query("commit");
    return dead;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
