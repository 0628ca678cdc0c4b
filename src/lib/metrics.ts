import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Every Prometheus metric the hub exports (documented in docs/operations.md). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "switchboard_process_" });
  return {
    registry,
    webhooksReceived: new Counter({
      name: "switchboard_webhooks_received_total",
      help: "Webhooks accepted and stored (new), by platform",
      labelNames: ["platform"] as const,
      registers: [registry],
    }),
    webhooksDuplicate: new Counter({
      name: "switchboard_webhooks_duplicate_total",
      help: "Webhooks recognised as duplicates by their dedupe key and acknowledged without effect",
      labelNames: ["platform"] as const,
      registers: [registry],
    }),
    webhooksRejected: new Counter({
      name: "switchboard_webhooks_rejected_total",
      help: "Webhooks rejected, by platform and reason",
      labelNames: ["platform", "reason"] as const,
      registers: [registry],
    }),
    webhookHandshakes: new Counter({
      name: "switchboard_webhook_handshakes_total",
      help: "Subscription validation handshakes answered (RingCentral Validation-Token)",
      labelNames: ["platform"] as const,
      registers: [registry],
    }),
    ingestLatency: new Histogram({
      name: "switchboard_ingest_duration_seconds",
      help: "Time from request to acknowledgement on the webhook route",
      labelNames: ["platform", "outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commands: new Counter({
      name: "switchboard_commands_total",
      help: "Platform commands by outcome (succeeded, retry, dead, superseded)",
      labelNames: ["platform", "kind", "outcome"] as const,
      registers: [registry],
    }),
    subscriptionStatus: new Gauge({
      name: "switchboard_ringcentral_subscription_status",
      help: "1 for the current status of each RingCentral connection's webhook subscription",
      labelNames: ["connection", "status"] as const,
      registers: [registry],
    }),
    jobs: new Counter({
      name: "switchboard_jobs_total",
      help: "Jobs run by the worker, by task and outcome",
      labelNames: ["task", "outcome"] as const,
      registers: [registry],
    }),
    dbQueries: new Counter({
      name: "switchboard_db_queries_total",
      help: "Database statements sent, by scope (a job's task, ingest for the webhook route, other)",
      labelNames: ["scope"] as const,
      registers: [registry],
    }),
    stageDuration: new Histogram({
      name: "switchboard_stage_duration_seconds",
      help: "Where a webhook's and a command's time goes: webhook_pickup (received → its job starts), command_pickup (command created → its job starts), command_send (the platform request), command_record (outcome and engine step saved)",
      labelNames: ["stage"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "switchboard_job_duration_seconds",
      help: "Job run time by task",
      labelNames: ["task"] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
