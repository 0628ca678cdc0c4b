import type { Logger } from "pino";
import { ensureFirstAdmin } from "../auth/bootstrap.ts";
import type { Config } from "../config.ts";
import { resolveDatabase } from "../db/bootstrap.ts";
import { migrateDatabase } from "../db/migrate.ts";
import { ensureDefaultWorkspace } from "../db/workspaces.ts";
import { createDeps } from "../deps.ts";
import { buildOperationsApp } from "../http/operations-app.ts";
import { startWorker, type WorkerHandle } from "../jobs/worker.ts";
import { startSandboxMode, wireSandboxWorkspace } from "../sandbox/bootstrap.ts";
import { wireSandboxBot } from "../sandbox/bot-wiring.ts";
import { startBackgroundDemo } from "../sandbox/demo-background.ts";
import { syncPlugins } from "../sync/plugin.ts";
import { providerStatus } from "../voice/registry.ts";
import { stopSignalAction } from "./stop-signal.ts";

export type HubOptions = {
  http: boolean;
  worker: boolean;
  sandbox: boolean;
  /** With sandbox: play scripted days through the sandboxes in the background until shutdown. */
  demo?: boolean;
};

type Stop = { name: string; stop: () => Promise<void> };

/** Thrown at a step boundary of the start-up when a stop signal arrived meanwhile. */
class StartupCancelled extends Error {}

/**
 * Starts the parts of the hub this process runs, and stops them in reverse order on SIGINT/SIGTERM. A signal during
 * start-up lets the step in progress finish (a half-started PostgreSQL cannot be stopped cleanly), skips the rest,
 * then stops what started. A start-up that fails stops what started before the error is reported.
 */
export async function startHub(config: Config, log: Logger, options: HubOptions): Promise<void> {
  const stops: Stop[] = [];
  let firstSignalAt: number | null = null;
  let startup: Promise<void> = Promise.resolve();
  const stopAll = async () => {
    for (const { name, stop } of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => log.error({ err: error, part: name }, "error while stopping"));
    }
  };
  const shutdown = async (signal: string) => {
    const action = stopSignalAction(firstSignalAt, Date.now());
    if (action === "ignore") return;
    if (action === "force") {
      log.warn({ signal }, "another stop signal while shutting down: exiting now");
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log.info({ signal }, "shutting down");
    await startup.catch(() => undefined);
    await stopAll();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const checkpoint = () => {
    if (firstSignalAt !== null) throw new StartupCancelled("stop signal during start-up");
  };
  startup = startParts(config, log, options, stops, checkpoint);
  try {
    await startup;
  } catch (error) {
    // The signal handler stops what started and exits.
    if (error instanceof StartupCancelled) return log.info("start-up cut short by the stop signal");
    await stopAll();
    throw error;
  }
}

async function startParts(
  config: Config,
  log: Logger,
  options: HubOptions,
  stops: Stop[],
  checkpoint: () => void,
): Promise<void> {
  const server = await resolveDatabase(config, log);
  stops.push({ name: "database server", stop: server.stop });
  checkpoint();
  await migrateDatabase(server.url);
  checkpoint();
  const deps = createDeps(config, server.url, log);
  stops.push({ name: "database pool", stop: deps.database.close });
  const workspaceId = await ensureDefaultWorkspace(deps.database.db);
  // Web processes bootstrap the first admin; a worker has no one to print it to.
  const firstAdmin = options.http
    ? await ensureFirstAdmin(deps.database.db, { workspaceId, config, sandbox: options.sandbox, log })
    : ({ kind: "exists" } as const);
  checkpoint();

  let worker: WorkerHandle | null = null;
  if (options.worker) {
    worker = await startWorker(deps, syncPlugins(deps));
    const handle = worker;
    stops.push({ name: "worker", stop: () => handle.stop() });
    checkpoint();
    const voice = await providerStatus(deps);
    log.info(
      {
        selected: voice.selected,
        providers: voice.providers.map((p) => `${p.name}: ${p.available ? "available" : p.detail}`),
      },
      "speech-to-text providers",
    );
  }
  if (!options.http) {
    // Workers serve no API, but must be observable: health and metrics on their own port.
    const ops = await buildOperationsApp(deps, { mode: "in-process", running: () => worker?.running() ?? false });
    await ops.listen({ port: config.WORKER_METRICS_PORT, host: config.HOST });
    stops.push({ name: "worker metrics", stop: () => ops.close() });
    log.info(
      { url: `http://${config.HOST}:${config.WORKER_METRICS_PORT}/metrics` },
      "worker health and metrics listening",
    );
    return;
  }

  const sandboxes = options.sandbox ? await startSandboxMode(config, log) : null;
  if (sandboxes) stops.push({ name: "sandboxes", stop: () => sandboxes.close() });
  checkpoint();

  // Loaded only by web processes: a worker never loads the API's route modules.
  const { buildApp } = await import("../http/app.ts");
  const app = await buildApp(deps, {
    workspaceId,
    worker: worker
      ? { mode: "in-process", running: () => worker?.running() ?? false }
      : { mode: "external", running: () => false },
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  stops.push({ name: "http", stop: () => app.close() });
  checkpoint();
  if (sandboxes) await wireSandboxWorkspace(deps, workspaceId, sandboxes);
  checkpoint();
  const url = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
  if (sandboxes) await wireSandboxBot(deps, workspaceId, sandboxes, config.PUBLIC_URL ?? url);
  if (sandboxes && options.demo) stops.push(startBackgroundDemo(deps, sandboxes, url));
  log.info({ url, docs: `${url}/docs`, worker: options.worker }, "Switchboard is listening");
  if (!config.ADMIN_API_KEY) {
    process.stdout.write(
      `\n  Switchboard is ready at ${url}\n  API docs:      ${url}/docs\n  Admin API key: ${deps.adminApiKey}  (from ${config.DATA_DIR}/admin-api-key)\n\n`,
    );
  }
  if (firstAdmin.kind === "created" && firstAdmin.password) {
    // Printed this once only: it is stored only as a hash. Change it at PUT /api/auth/password.
    process.stdout.write(
      `  Sign in as:    ${firstAdmin.email}\n  Password:      ${firstAdmin.password}  (shown once; change it after signing in)\n\n`,
    );
  }
}
