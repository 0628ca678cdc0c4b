import { Gauge } from "prom-client";
import { migrationsApplied } from "../db/migrate.ts";
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
      const res = await deps.database.pool.query<{ state: string; n: string }>(
        `select case when locked_at is not null then 'running'
                     when attempts >= max_attempts then 'failed'
                     when run_at > now() then 'scheduled' else 'ready' end as state, count(*)::text as n
         from graphile_worker._private_jobs group by 1`,
      );
      queued.reset();
      for (const row of res.rows) queued.set({ state: row.state }, Number(row.n));
    } catch {
      // The database being down must not stop the process metrics from being scraped.
    }
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
