import type { FastifyInstance, onRequestAsyncHookHandler } from "fastify";
import type { Deps } from "../deps.ts";
import type { Role } from "./auth.ts";

/** What every route module receives. Routes are registered explicitly in app.ts. */
export type RouteContext = {
  app: FastifyInstance;
  deps: Deps;
  /** An onRequest hook: credentials are checked before the body is parsed or anything is validated. */
  auth: (role: Role) => onRequestAsyncHookHandler;
  /** The in-process worker, when this process runs one (readiness reports it). */
  worker: WorkerStatus;
};

export type WorkerStatus = { mode: "in-process" | "external"; running: () => boolean };
