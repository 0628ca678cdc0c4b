import type { FastifyInstance, preHandlerAsyncHookHandler } from "fastify";
import type { Deps } from "../deps.ts";
import type { Role } from "./auth.ts";

/** What every route module receives. Routes are registered explicitly in app.ts. */
export type RouteContext = {
  app: FastifyInstance;
  deps: Deps;
  auth: (role: Role) => preHandlerAsyncHookHandler;
  /** The in-process worker, when this process runs one (readiness reports it). */
  worker: WorkerStatus;
};

export type WorkerStatus = { mode: "in-process" | "external"; running: () => boolean };
