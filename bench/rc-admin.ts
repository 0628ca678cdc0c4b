/**
 * RingCentral administration at volume, through the real hub (HTTP API, shared PostgreSQL rate budget) against the
 * RingCentral sandbox:
 *  1. export 100,000 call-log records as CSV (`Accept: text/csv`): RingCentral requests used (goal ≤ 100 with
 *     perPage 1000), time, heap while streaming (should stay flat);
 *  2. a 500-member bulk change across 20 queues as one admin job: requests used and 429s seen (goal 0).
 * The sandbox's per-minute budgets are scaled by RC_BENCH_RATE_SCALE (default 60, like SIM_RINGCENTRAL_RATE_SCALE) so
 * a run takes seconds; the hub learns the scaled plan from X-Rate-Limit-* headers exactly as from the real one.
 * Prints one JSON line.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { createRingcentralSim } from "../sim/ringcentral/app.ts";
import { createAdminJob, runAdminJob } from "../src/admin/jobs.ts";
import { loadConfig } from "../src/config.ts";
import { createConnection } from "../src/connections/service.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { rcAdminJobs } from "../src/db/schema/index.ts";
import { ensureDefaultWorkspace } from "../src/db/workspaces.ts";
import { createDeps } from "../src/deps.ts";
import { buildApp } from "../src/http/app.ts";
import { createLogger } from "../src/lib/logger.ts";
import { benchDatabase, freePort } from "./lib.ts";

const RECORDS = Number(process.env.RC_BENCH_RECORDS ?? 100_000);
const SCALE = Number(process.env.RC_BENCH_RATE_SCALE ?? 60);
const mb = (n: number) => Math.round(n / 1024 / 1024);

const db = await benchDatabase();
const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-rc-bench-"));
const sim = await createRingcentralSim({
  rateLimits: { Light: 50 * SCALE, Medium: 40 * SCALE, Heavy: 10 * SCALE, Auth: 5 * SCALE },
  reminderCheckMs: 0,
  callLogLagMs: 0,
});
const simUrl = await sim.listen(0, "127.0.0.1");
const simOrigin = new URL(simUrl).origin;

// Every answer the sandbox gives to the hub, by status: the 429 count comes from here.
const statuses = new Map<number, number>();
const original = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const res = await original(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin === simOrigin && !url.pathname.startsWith("/_sim"))
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res;
};
const rcRequests = () => [...statuses.values()].reduce((a, b) => a + b, 0);
const control = async (p: string, body: unknown) =>
  (
    await original(`${simUrl}${p}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    })
  ).json();

await migrateDatabase(db.url);
const port = await freePort();
const config = loadConfig({
  DATA_DIR: dataDir,
  ADMIN_API_KEY: "bench-admin-key-0123456789",
  LOG_LEVEL: "silent",
  PORT: String(port),
});
const deps = createDeps(config, db.url, createLogger("silent"));
const workspaceId = await ensureDefaultWorkspace(deps.database.db);
const app = await buildApp(deps, { workspaceId, worker: { mode: "external", running: () => false } });
await app.listen({ port, host: "127.0.0.1" });
const hub = `http://127.0.0.1:${port}`;
const creds = z
  .looseObject({ clientId: z.string(), clientSecret: z.string(), users: z.array(z.looseObject({ jwt: z.string() })) })
  .parse(sim.credentials);
const conn = await createConnection(deps, workspaceId, "bench", {
  platform: "ringcentral",
  name: "bench",
  settings: { serverUrl: simUrl },
  credentials: { clientId: creds.clientId, clientSecret: creds.clientSecret, jwt: creds.users[0]?.jwt ?? "" },
});

// 1. CSV export of RECORDS call-log records.
await control("/_sim/call-log/queue-calls", { count: RECORDS, seed: 42 });
const dateFrom = new Date(Date.now() - 86_400_000).toISOString();
statuses.clear();
global.gc?.();
const heap: number[] = [];
const started = performance.now();
const res = await original(
  `${hub}/api/ringcentral/${conn.id}/restapi/v1.0/account/~/call-log?dateFrom=${encodeURIComponent(dateFrom)}`,
  {
    headers: { authorization: `Bearer ${config.ADMIN_API_KEY}`, accept: "text/csv" },
  },
);
let bytes = 0;
let lines = 0;
const sampler = setInterval(() => heap.push(process.memoryUsage().heapUsed), 250);
const reader = res.body?.getReader();
for (;;) {
  const chunk = await reader?.read();
  if (!chunk || chunk.done) break;
  bytes += chunk.value.length;
  for (const b of chunk.value) if (b === 10) lines += 1;
}
clearInterval(sampler);
const exportMs = Math.round(performance.now() - started);
const exportRequests = rcRequests();
const export429 = statuses.get(429) ?? 0;

// 2. 500 member changes across 20 queues as one job.
const made = z
  .object({ users: z.array(z.string()), queues: z.array(z.string()) })
  .parse(await control("/_sim/admin/populate", { users: 500, queues: 20 }));
const changes = made.queues.map((queueId, i) => ({
  queueId,
  addedExtensionIds: made.users.slice(i * 25, i * 25 + 25),
}));
statuses.clear();
const jobStarted = performance.now();
const job = await createAdminJob(deps, {
  workspaceId,
  connectionId: conn.id,
  actor: "bench",
  kind: "bulk-assign",
  input: { changes },
  total: changes.length,
});
await runAdminJob(deps, job.id);
const [row] = await deps.database.db.select().from(rcAdminJobs);
const bulkMs = Math.round(performance.now() - jobStarted);
const simState = z
  .object({ queues: z.array(z.object({ id: z.string(), members: z.array(z.string()) })) })
  .parse(await (await original(`${simUrl}/_sim/admin`)).json());
const assigned = simState.queues.filter((q) => made.queues.includes(q.id)).reduce((n, q) => n + q.members.length, 0);

const sorted = [...heap].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: "rc-admin",
    rateScale: SCALE,
    export: {
      records: lines - 1,
      bytes,
      ringcentralRequests: exportRequests,
      http429: export429,
      ms: exportMs,
      recordsPerSec: Math.round(((lines - 1) / exportMs) * 1000),
      heapMb: {
        min: mb(sorted[0] ?? 0),
        median: mb(sorted[Math.floor(sorted.length / 2)] ?? 0),
        max: mb(sorted.at(-1) ?? 0),
      },
    },
    bulk: {
      memberChanges: changes.reduce((n, c) => n + c.addedExtensionIds.length, 0),
      queues: changes.length,
      jobStatus: row?.status,
      membersNowAssigned: assigned,
      ringcentralRequests: rcRequests(),
      jobRequestsSent: row?.requestsSent,
      http429: statuses.get(429) ?? 0,
      ms: bulkMs,
    },
  }),
);
globalThis.fetch = original;
await app.close();
await deps.database.close();
await sim.close();
await db.stop();
await rm(dataDir, { recursive: true, force: true });
