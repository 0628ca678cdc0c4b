import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/helpers/database.ts";
import { sweep } from "./heartbeat.ts";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);

/** A job locked by `pool` `ageSeconds` ago (in a named queue, locked by the same pool, when `queue` is given). */
async function lockedJob(pool: string, ageSeconds: number, queue?: string): Promise<string> {
  const { rows } = await q(
    "select id from graphile_worker.add_job('process-webhook', json_build_object('eventId', $1::text), queue_name => $2)",
    [`evt_${pool}_${ageSeconds}`, queue ?? null],
  );
  const id = String(rows[0]?.id);
  const at = `now() - interval '${ageSeconds} seconds'`;
  await q(`update graphile_worker._private_jobs set locked_by = $1, locked_at = ${at} where id = $2`, [pool, id]);
  if (queue)
    await q(`update graphile_worker._private_job_queues set locked_by = $1, locked_at = ${at} where queue_name = $2`, [
      pool,
      queue,
    ]);
  return id;
}

const lockOf = async (id: string) =>
  (await q("select locked_by from graphile_worker._private_jobs where id = $1", [id])).rows[0]?.locked_by ?? null;

describe("sweep: releasing what dead worker pools hold", () => {
  it("releases the jobs and queues of stale and unknown pools, never those of live ones or of a pool just started", async () => {
    await q(
      `insert into worker_heartbeats (pool_id, hostname, pid, last_seen_at) values
         ('pool-live', 'h', 1, now()), ('pool-dead', 'h', 2, now() - interval '30 seconds')`,
    );
    const live = await lockedJob("pool-live", 60);
    const dead = await lockedJob("pool-dead", 40, "cmd:dead-queue");
    const orphan = await lockedJob("pool-gone", 60);
    const justStarted = await lockedJob("pool-new", 1);

    const released = await sweep(database.pool, 10_000);

    expect(released.sort()).toEqual(["pool-dead", "pool-gone"]);
    expect(await lockOf(live)).toBe("pool-live");
    expect(await lockOf(dead)).toBeNull();
    expect(await lockOf(orphan)).toBeNull();
    // Its first heartbeat may not be written yet: a lock younger than the dead-after time is left alone.
    expect(await lockOf(justStarted)).toBe("pool-new");
    const queue = await q(
      "select locked_by from graphile_worker._private_job_queues where queue_name = 'cmd:dead-queue'",
    );
    expect(queue.rows[0]?.locked_by).toBeNull();
    const beats = await q("select pool_id from worker_heartbeats order by pool_id");
    expect(beats.rows.map((r) => r.pool_id)).toEqual(["pool-live"]);
  });
});
