/**
 * bench/day: a simulated day at scale through the sandboxes, against `serve --sandbox` as a child process (hub,
 * worker and sandboxes in one process, embedded PostgreSQL beside it): BENCH_DAY_AGENTS people (500) on all three
 * platforms, BENCH_DAY_MINUTES simulated minutes (10) at BENCH_DAY_SPEED× (5) — chats, calls (every answered
 * call is recorded), manual status changes — with 5 % of webhooks dropped and 5 % duplicated by every sandbox and
 * RingCentral's real per-(app, user) rate limits, compressed with the day (limits × speed).
 *
 *   npm run bench:day                      BENCH_DAY_AGENTS=50 npm run bench:day   (a smaller team)
 *
 * Reports availability consistency (time-weighted, as bench/e2e), RingCentral presence write latency, dead
 * letters, Team Messaging messages delivered / sent and posts, recordings attached / calls recorded, CPU and RSS
 * of the hub and PostgreSQL; the last line is one JSON object. Knobs: BENCH_DAY_AGENTS, BENCH_DAY_MINUTES,
 * BENCH_DAY_SPEED, BENCH_DAY_SEED, BENCH_DAY_INTENSITY (1), BENCH_DAY_FAULT_PERCENT (5), BENCH_DAY_START_MINUTES (10:
 * longest wait for discovery and the start-up writes), BENCH_DAY_TAIL_SECONDS (180: how long recordings and
 * queued writes may catch up after the day).
 */
import os from "node:os";
import { z } from "zod";

const env = z
  .object({
    BENCH_DAY_AGENTS: z.coerce.number().int().min(1).max(2000).default(500),
    BENCH_DAY_MINUTES: z.coerce.number().positive().max(60).default(10),
    BENCH_DAY_SPEED: z.coerce.number().positive().max(50).default(5),
    BENCH_DAY_SEED: z.coerce.number().int().nonnegative().default(1),
    BENCH_DAY_INTENSITY: z.coerce.number().positive().max(10).default(1),
    BENCH_DAY_FAULT_PERCENT: z.coerce.number().min(0).max(100).default(5),
    BENCH_DAY_START_MINUTES: z.coerce.number().positive().max(60).default(10),
    BENCH_DAY_TAIL_SECONDS: z.coerce.number().int().min(0).max(1800).default(180),
  })
  .parse(process.env);

// The sandboxes (in the hub's child process) and the day driver (here) read the team's size when they load.
process.env.SIM_TEAM_SIZE = String(env.BENCH_DAY_AGENTS);
const { simCall } = await import("../src/sandbox/sim-api.ts");
const { runConsistency } = await import("./e2e-consistency.ts");
const { cpuReport, cpuSample } = await import("./e2e-cpu.ts");
const { loadAverage } = await import("./e2e-diagnose.ts");
const { startE2eHub } = await import("./e2e-hub.ts");
const measure = await import("./day-measure.ts");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reconcile = { intervalSeconds: 5, fullEvery: 1 };
console.log(
  `bench/day — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; ${env.BENCH_DAY_AGENTS} agents, ${env.BENCH_DAY_MINUTES} simulated minutes at ${env.BENCH_DAY_SPEED}×; load average before (1/5/15 min): ${loadAverage()}`,
);

const hub = await startE2eHub(reconcile, env.BENCH_DAY_SPEED, env.BENCH_DAY_START_MINUTES * 60_000);
const result: Record<string, unknown> = {
  agents: env.BENCH_DAY_AGENTS,
  minutes: env.BENCH_DAY_MINUTES,
  speed: env.BENCH_DAY_SPEED,
};
try {
  const startDeadline = Date.now() + env.BENCH_DAY_START_MINUTES * 60_000;
  const setupStarted = Date.now();
  let discovered = 0;
  while (Date.now() < startDeadline && discovered < env.BENCH_DAY_AGENTS) {
    discovered = await measure.discoveredAgents(hub.pool);
    if (discovered < env.BENCH_DAY_AGENTS) await sleep(1000);
  }
  // The start-up writes (every agent accepting everywhere) must drain before the day, or they colour it.
  let queued = Number.POSITIVE_INFINITY;
  while (Date.now() < startDeadline && queued > 0) {
    const counts = await measure.commandCounts(hub.pool, new Date(0));
    queued = (counts.pending ?? 0) + (counts.waiting ?? 0) + (counts.running ?? 0) + (counts.failed ?? 0);
    if (queued > 0) await sleep(2000);
  }
  result.setup = { discovered, seconds: Math.round((Date.now() - setupStarted) / 1000), queuedAtStart: queued };
  console.log(
    `setup: ${discovered} agents discovered, ${queued} start-up writes still queued, ${JSON.stringify(result.setup)}`,
  );

  for (const url of Object.values(hub.urls)) {
    await simCall(z.unknown(), `${url}/_sim/faults`, undefined, "DELETE");
    const percent = env.BENCH_DAY_FAULT_PERCENT;
    if (percent > 0)
      await simCall(z.unknown(), `${url}/_sim/faults`, {
        webhooks: [
          { kind: "drop", percent },
          { kind: "duplicate", percent },
        ],
      });
  }
  const since = new Date();
  const cpu = cpuSample(hub.pid);
  const consistency = await runConsistency(hub.urls, {
    minutes: env.BENCH_DAY_MINUTES,
    speed: env.BENCH_DAY_SPEED,
    seed: env.BENCH_DAY_SEED,
    sampleMs: 1000,
    tailMs: 15_000,
    agents: env.BENCH_DAY_AGENTS,
    intensity: env.BENCH_DAY_INTENSITY,
  });
  const cpuDay = cpuReport(cpu, cpuSample(hub.pid));
  const memDay = measure.memory(hub.pid);
  console.log(`day played: ${consistency.actions} actions, ${JSON.stringify(consistency.play)}; ${cpuDay}`);

  // Let recordings (RingCentral's 15–30 s call-log lag) and queued writes catch up, bounded.
  const tailStart = Date.now();
  let rec = await measure.recordings(hub.pool, since);
  while (Date.now() - tailStart < env.BENCH_DAY_TAIL_SECONDS * 1000) {
    const counts = await measure.commandCounts(hub.pool, since);
    const busy = (counts.pending ?? 0) + (counts.waiting ?? 0) + (counts.running ?? 0) + (counts.failed ?? 0);
    rec = await measure.recordings(hub.pool, since);
    if (busy === 0 && rec.attached >= rec.recorded) break;
    await sleep(2000);
  }
  const tm = await measure.teamMessaging(hub.pool, since);
  const counts = await measure.commandCounts(hub.pool, since);
  Object.assign(result, {
    loadAverageAfter: loadAverage(),
    consistencyPct: Number(consistency.consistentPct.toFixed(2)),
    samples: consistency.samples,
    actions: consistency.actions,
    play: consistency.play,
    presenceWriteMs: await measure.presenceLatency(hub.pool, since),
    deadLetters: counts.dead ?? 0,
    commands: counts,
    teamMessaging: {
      ...tm,
      deliveredPct: tm.messages === 0 ? 100 : Number(((100 * tm.delivered) / tm.messages).toFixed(1)),
    },
    recordings: { ...rec, catchUpSeconds: Math.round((Date.now() - tailStart) / 1000) },
    cpuDuringDay: cpuDay,
    rssMb: { duringDay: memDay, end: measure.memory(hub.pid) },
  });
} finally {
  await hub.stop();
}
console.log(JSON.stringify(result));
process.exit(0);
