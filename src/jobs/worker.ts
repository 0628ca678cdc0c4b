import { EventEmitter } from "node:events";
import {
  parseCrontab,
  type Runner,
  run,
  type Task,
  type TaskList,
  type WorkerEvents,
  Logger as WorkerLogger,
} from "graphile-worker";
import { CircuitBreaker } from "../commands/circuit-breaker.ts";
import { type CommandSucceeded, executeCommand } from "../commands/execute.ts";
import type { Deps } from "../deps.ts";
import { JOBS, type JobName } from "./catalog.ts";
import { type Heartbeat, startHeartbeat } from "./heartbeat.ts";
import { type EventHandler, processWebhook } from "./process-webhook.ts";
import { pruneRejectedWebhooks } from "./prune.ts";

export type WorkerHandle = { stop(): Promise<void>; running(): boolean };

/** What the rest of the hub plugs into the worker: event handlers, extra tasks and their schedules. */
export type WorkerPlugins = {
  handlers?: EventHandler[];
  onCommandSucceeded?: CommandSucceeded;
  tasks?: (task: TaskFactory) => Partial<TaskList>;
  /** Crontab lines (minute granularity), e.g. "every 5 minutes: maintain-subscriptions". */
  cron?: string[];
  /** Runs once the worker is up (e.g. to schedule the first reconciliation tick). */
  onStart?: () => Promise<void>;
};

type TaskFactory = <N extends JobName>(
  name: N,
  fn: (payload: ReturnType<(typeof JOBS)[N]["payload"]["parse"]>) => Promise<unknown>,
) => Task;

/** The task list: each job's payload is parsed with its catalog schema before the handler runs. */
export function createTaskList(deps: Deps, plugins: WorkerPlugins): TaskList {
  const breaker = new CircuitBreaker();
  const task: TaskFactory = (name, fn) => async (raw) => {
    const end = deps.metrics.jobDuration.startTimer({ task: name });
    try {
      await fn(JOBS[name].payload.parse(raw) as Parameters<typeof fn>[0]);
      deps.metrics.jobs.inc({ task: name, outcome: "ok" });
    } catch (error) {
      deps.metrics.jobs.inc({ task: name, outcome: "error" });
      throw error;
    } finally {
      end();
    }
  };
  return {
    "process-webhook": task("process-webhook", (p) => processWebhook(deps, plugins.handlers ?? [], p.eventId)),
    "prune-rejected-webhooks": task("prune-rejected-webhooks", () => pruneRejectedWebhooks(deps)),
    "execute-command": task("execute-command", (p) =>
      executeCommand(deps, breaker, p.commandId, plugins.onCommandSucceeded),
    ),
    ...(plugins.tasks?.(task) as TaskList | undefined),
  };
}

export async function startWorker(deps: Deps, plugins: WorkerPlugins = {}): Promise<WorkerHandle> {
  const log = deps.log.child({ component: "worker" });
  const logger = new WorkerLogger((scope) => (level, message, meta) => {
    // Ctrl-C reaches the embedded PostgreSQL too (same process group): its "administrator command" goodbye while
    // we stop is expected, not an error worth waking anyone for.
    const shuttingDown = (meta as { error?: { code?: string } } | undefined)?.error?.code === "57P01";
    const method =
      level === "error" && !shuttingDown ? "error" : level === "warning" || shuttingDown ? "warn" : "debug";
    log[method]({ scope: scope.label, ...meta }, message);
  });
  let stopped = false;
  // The pool id is what graphile-worker writes into `locked_by`: the heartbeat announces it.
  const events = new EventEmitter() as WorkerEvents;
  let heartbeat: Heartbeat | null = null;
  events.on("pool:create", ({ workerPool }) => {
    heartbeat = startHeartbeat(deps.database.pool, workerPool.id, log, {
      intervalMs: deps.config.WORKER_HEARTBEAT_SECONDS * 1000,
      deadAfterMs: deps.config.WORKER_DEAD_AFTER_SECONDS * 1000,
    });
  });
  const runner: Runner = await run({
    events,
    pgPool: deps.database.pool,
    concurrency: deps.config.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
    taskList: createTaskList(deps, plugins),
    parsedCronItems: parseCrontab(["*/10 * * * * prune-rejected-webhooks", ...(plugins.cron ?? [])].join("\n")),
    // Batched fetch: one query locks a batch of jobs instead of one query per job.
    preset: {
      worker: {
        localQueue: { size: Math.max(32, deps.config.WORKER_CONCURRENCY * 4) },
        completeJobBatchDelay: 2,
        failJobBatchDelay: 2,
      },
    },
  });
  void runner.promise.finally(() => {
    stopped = true;
    // A pool that ended on its own holds nothing any more; without its row, what it left locked is released.
    void heartbeat?.stop().catch(() => undefined);
  });
  await plugins.onStart?.();
  log.info({ concurrency: deps.config.WORKER_CONCURRENCY }, "worker running");
  return {
    running: () => !stopped,
    stop: async () => {
      if (stopped) return;
      await runner.stop();
      stopped = true;
      await heartbeat?.stop();
    },
  };
}
