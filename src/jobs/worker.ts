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
import { handleBotInbound } from "../bot/handle.ts";
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
  const breaker = new CircuitBreaker(deps.database.db);
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
    "bot-handle": task("bot-handle", (p) => handleBotInbound(deps, p.inboundId)),
    "execute-availability": task("execute-availability", (p) =>
      executeCommand(deps, breaker, p.commandId, plugins.onCommandSucceeded),
    ),
    ...(plugins.tasks?.(task) as TaskList | undefined),
  };
}

/** Availability writes are short and few: a small pool, never more than the main one. */
export const availabilityConcurrency = (concurrency: number) => Math.min(concurrency, 4);

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
  // The pool id is what graphile-worker writes into `locked_by`: each pool's heartbeat announces it.
  const events = new EventEmitter() as WorkerEvents;
  let created: Heartbeat | null = null;
  events.on("pool:create", ({ workerPool }) => {
    created = startHeartbeat(deps.database.pool, workerPool.id, log, {
      intervalMs: deps.config.WORKER_HEARTBEAT_SECONDS * 1000,
      deadAfterMs: deps.config.WORKER_DEAD_AFTER_SECONDS * 1000,
    });
  });
  const { "execute-availability": availabilityTask, ...tasks } = createTaskList(deps, plugins);
  const shared = { events, pgPool: deps.database.pool, noHandleSignals: true, pollInterval: 1000, logger };
  const pools: Array<{ runner: Runner; heartbeat: Heartbeat | null }> = [];
  const started = (runner: Runner) => {
    const heartbeat: Heartbeat | null = created;
    created = null;
    pools.push({ runner, heartbeat });
    void runner.promise.finally(() => {
      stopped = true;
      // A pool that ended on its own holds nothing any more; without its row, what it left locked is released.
      void heartbeat?.stop().catch(() => undefined);
    });
  };
  started(
    await run({
      ...shared,
      concurrency: deps.config.WORKER_CONCURRENCY,
      taskList: tasks,
      parsedCronItems: parseCrontab(["*/10 * * * * prune-rejected-webhooks", ...(plugins.cron ?? [])].join("\n")),
      // Batched fetch: one query locks a batch of jobs instead of one query per job.
      preset: {
        worker: {
          localQueue: { size: Math.max(32, deps.config.WORKER_CONCURRENCY * 4) },
          completeJobBatchDelay: 2,
          failJobBatchDelay: 2,
        },
      },
    }),
  );
  // Availability writes get a pool of their own, fetching one job at a time as soon as it is added (LISTEN/
  // NOTIFY): no batch of webhook jobs or message posts already fetched by the main pool stands in front of them.
  if (availabilityTask)
    started(
      await run({
        ...shared,
        concurrency: availabilityConcurrency(deps.config.WORKER_CONCURRENCY),
        taskList: { "execute-availability": availabilityTask },
        parsedCronItems: [],
      }),
    );
  await plugins.onStart?.();
  log.info({ concurrency: deps.config.WORKER_CONCURRENCY }, "worker running");
  return {
    running: () => !stopped,
    stop: async () => {
      if (stopped) return;
      await Promise.all(pools.map((p) => p.runner.stop()));
      stopped = true;
      await Promise.all(pools.map((p) => p.heartbeat?.stop()));
    },
  };
}
