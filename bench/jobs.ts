/**
 * bench/jobs: how fast graphile-worker drains jobs with the settings the hub uses (batched fetch through the local
 * queue, batched completion), against fetching one job at a time, in the same run on the same database.
 *
 *   npm run bench:jobs            (BENCH_JOBS=20000 BENCH_CONCURRENCY=8)
 */
import { run, runMigrations, type WorkerPreset } from "graphile-worker";
import pg from "pg";
import { benchDatabase } from "./lib.ts";

const total = Number(process.env.BENCH_JOBS ?? 20_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function drain(pool: pg.Pool, label: string, preset: typeof WorkerPreset | object): Promise<number> {
  await pool.query("delete from graphile_worker._private_jobs");
  // Enqueued in batches of 1000 with the set-based add_jobs, before the worker starts.
  for (let i = 0; i < total; i += 1000) {
    const n = Math.min(1000, total - i);
    await pool.query(
      `select graphile_worker.add_jobs(array(select row('noop', json_build_object('i', g), null, null, 1, null, null, null)::graphile_worker.job_spec from generate_series(1, $1) g))`,
      [n],
    );
  }
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  const started = performance.now();
  const runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: undefined,
    taskList: {
      noop: async () => {
        done += 1;
        if (done === total) finish();
      },
    },
    preset,
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  const left = Number((await pool.query("select count(*) from graphile_worker._private_jobs")).rows[0].count);
  const rate = total / seconds;
  console.log(
    `${label.padEnd(34)} ${String(Math.round(rate)).padStart(7)} jobs/s   (${total} jobs in ${seconds.toFixed(2)} s, ${left} left in the table)`,
  );
  return rate;
}

const db = await benchDatabase();
const pool = new pg.Pool({ connectionString: db.url, max: concurrency + 4 });
// Connections closed by the server at the end of the run must not crash the benchmark.
pool.on("error", () => undefined);
pool.on("connect", (client) => client.on("error", () => undefined));
try {
  await runMigrations({ pgPool: pool });
  console.log(`\nbench/jobs — ${total} no-op jobs, concurrency ${concurrency}, PostgreSQL + worker on one machine`);
  const single = await drain(pool, "one job per fetch (baseline)", {});
  const batched = await drain(pool, "local queue + batched completion", {
    worker: { localQueue: { size: Math.max(32, concurrency * 4) }, completeJobBatchDelay: 2, failJobBatchDelay: 2 },
  });
  console.log(`ratio batched/baseline            ${(batched / single).toFixed(2)}`);
} finally {
  await pool.end();
  await db.stop();
}
