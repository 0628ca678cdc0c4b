import { isNull } from "drizzle-orm";
import { Gauge } from "prom-client";
import { agentViews } from "../agents/view.ts";
import { migrationsApplied } from "../db/migrate.ts";
import { agents } from "../db/schema/index.ts";
import type { RouteContext } from "../http/routes.ts";

/** Liveness, readiness and Prometheus metrics: unauthenticated, for orchestrators and scrapers. */
export async function operationsRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, worker } = ctx;
  const tags = ["operations"];

  const queued = new Gauge({
    name: "switchboard_jobs_queued",
    help: "Jobs in graphile-worker's queue by state (ready, scheduled, running, failed)",
    labelNames: ["state"] as const,
    registers: [deps.metrics.registry],
  });

  const dead = new Gauge({
    name: "switchboard_commands_dead",
    help: "Commands dead-lettered and not yet retried, by platform",
    labelNames: ["platform"] as const,
    registers: [deps.metrics.registry],
  });
  const drift = new Gauge({
    name: "switchboard_agent_drift",
    help: "Agent × platform pairs whose last known actual state differs from the desired one",
    labelNames: ["platform"] as const,
    registers: [deps.metrics.registry],
  });

  /** Figures read from the database at scrape time, so any process (web or worker) reports the same truth. */
  const collectFromDatabase = async () => {
    const jobs = await deps.database.pool.query<{ state: string; n: string }>(
      `select case when locked_at is not null then 'running'
                   when attempts >= max_attempts then 'failed'
                   when run_at > now() then 'scheduled' else 'ready' end as state, count(*)::text as n
       from graphile_worker._private_jobs group by 1`,
    );
    queued.reset();
    for (const row of jobs.rows) queued.set({ state: row.state }, Number(row.n));
    const deadRows = await deps.database.pool.query<{ platform: string; n: string }>(
      "select platform, count(*)::text as n from commands where status = 'dead' group by 1",
    );
    dead.reset();
    for (const row of deadRows.rows) dead.set({ platform: row.platform }, Number(row.n));
    const agentRows = await deps.database.db.select().from(agents).where(isNull(agents.deletedAt));
    drift.reset();
    for (const view of await agentViews(deps.database.db, agentRows)) {
      for (const p of view.platforms) drift.inc({ platform: p.platform }, p.inSync ? 0 : 1);
    }
  };

  app.get("/health/live", { schema: { tags, summary: "The process is up" } }, async () => ({ status: "ok" }));

  app.get(
    "/health/ready",
    { schema: { tags, summary: "Database reachable, migrations applied, worker running" } },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      try {
        await deps.database.pool.query("select 1");
        checks.database = "ok";
        checks.migrations = (await migrationsApplied(deps.database)) ? "ok" : "pending";
      } catch (error) {
        checks.database = `unreachable: ${error instanceof Error ? error.message : String(error)}`;
        checks.migrations = "unknown";
      }
      checks.worker = worker.mode === "external" ? "external" : worker.running() ? "ok" : "stopped";
      const ready = Object.values(checks).every((v) => v === "ok" || v === "external");
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
    },
  );

  app.get("/metrics", { schema: { tags, summary: "Prometheus metrics" } }, async (_req, reply) => {
    try {
      await collectFromDatabase();
    } catch {
      // The database being down must not stop the process metrics from being scraped.
    }
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
