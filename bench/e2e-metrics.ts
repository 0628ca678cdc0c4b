/**
 * Machine-independent figures from the hub's own /metrics: database statements per webhook and per availability
 * command (by scope), and the mean time of each stage a webhook and a command go through. Two scrapes, around
 * the load, give the run's deltas.
 */
export type MetricsScrape = Map<string, number>;

export async function scrapeMetrics(hubUrl: string): Promise<MetricsScrape> {
  const text = await (await fetch(`${hubUrl}/metrics`)).text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

export type RunFigures = {
  webhooksProcessed: number;
  availabilityJobs: number;
  /** Statements by scope over the run. */
  queries: Record<string, number>;
  queriesPerWebhook: number;
  queriesPerAvailabilityCommand: number;
  /** Mean ms per stage (webhook_pickup, command_pickup, command_send, command_record) and per job task. */
  stageMeanMs: Record<string, number>;
  jobMeanMs: Record<string, number>;
};

function deltas(before: MetricsScrape, after: MetricsScrape, metric: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pattern = new RegExp(`^${metric}\\{(?:.*,)?${label}="([^"]+)"`);
  for (const [key, value] of after) {
    const m = pattern.exec(key);
    if (!m?.[1]) continue;
    out[m[1]] = (out[m[1]] ?? 0) + value - (before.get(key) ?? 0);
  }
  return out;
}

export function runFigures(before: MetricsScrape, after: MetricsScrape): RunFigures {
  const queries = deltas(before, after, "switchboard_db_queries_total", "scope");
  const okJobs = deltas(before, after, "switchboard_jobs_total", "task");
  const stageSum = deltas(before, after, "switchboard_stage_duration_seconds_sum", "stage");
  const stageCount = deltas(before, after, "switchboard_stage_duration_seconds_count", "stage");
  const jobSum = deltas(before, after, "switchboard_job_duration_seconds_sum", "task");
  const jobCount = deltas(before, after, "switchboard_job_duration_seconds_count", "task");
  const mean = (sum: Record<string, number>, count: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(sum).map(([k, s]) => [k, Math.round(((s * 1000) / Math.max(1, count[k] ?? 0)) * 10) / 10]),
    );
  const webhooks = okJobs["process-webhook"] ?? 0;
  const availabilityJobs = okJobs["execute-availability"] ?? 0;
  const total = Object.values(queries).reduce((a, b) => a + b, 0);
  return {
    webhooksProcessed: webhooks,
    availabilityJobs,
    queries,
    queriesPerWebhook: Math.round((total / Math.max(1, webhooks)) * 10) / 10,
    queriesPerAvailabilityCommand:
      Math.round(((queries["execute-availability"] ?? 0) / Math.max(1, availabilityJobs)) * 10) / 10,
    stageMeanMs: mean(stageSum, stageCount),
    jobMeanMs: mean(jobSum, jobCount),
  };
}
