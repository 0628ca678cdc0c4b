import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { operationsRoutes } from "../api/operations.ts";
import type { Deps } from "../deps.ts";
import { clientErrorHandler, frameworkErrors, refuseConnect } from "./client-errors.ts";
import { installErrorHandler } from "./errors.ts";
import type { WorkerStatus } from "./routes.ts";

/** A worker process's own small listener: /health/live, /health/ready and /metrics only. */
export async function buildOperationsApp(deps: Deps, worker: WorkerStatus): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    clientErrorHandler,
    frameworkErrors,
  });
  refuseConnect(app.server);
  installErrorHandler(app);
  await operationsRoutes({ app, deps, worker, auth: () => async () => undefined });
  return app;
}
