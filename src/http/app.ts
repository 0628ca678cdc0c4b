import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { agentRoutes } from "../api/agents.ts";
import { commandRoutes } from "../api/commands.ts";
import { connectionRoutes } from "../api/connections.ts";
import { operationsRoutes } from "../api/operations.ts";
import { webhookEventRoutes } from "../api/webhook-events.ts";
import type { Deps } from "../deps.ts";
import { WebhookWriter } from "../ingest/group-commit.ts";
import { RejectionRecorder } from "../ingest/rejections.ts";
import { ingestRoutes } from "../ingest/route.ts";
import { type Authenticator, adminKeyAuthenticator, requireRole } from "./auth.ts";
import { installErrorHandler } from "./errors.ts";
import type { RouteContext, WorkerStatus } from "./routes.ts";

export type AppOptions = { workspaceId: string; worker: WorkerStatus; authenticators?: Authenticator[] };

/** Plugins, auth, the error envelope and every route, registered explicitly. */
export async function buildApp(deps: Deps, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // Our own onResponse hook logs API calls and errors; per-request logs of every webhook would drown them.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });
  app.addHook("onResponse", async (req, reply) => {
    if (reply.statusCode >= 400 || req.url.startsWith("/api/")) {
      req.log.info(
        { method: req.method, url: req.url.split("?")[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        "request",
      );
    }
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Switchboard API",
        version: "0.1.0",
        description: "Contact-center hub between LiveChat, Chatwoot and RingCentral.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  const authenticators = options.authenticators ?? [adminKeyAuthenticator(deps.adminApiKey, options.workspaceId)];
  const ctx: RouteContext = { app, deps, auth: (role) => requireRole(authenticators, role), worker: options.worker };

  await app.register(async (scope) =>
    ingestRoutes(scope, {
      writer: new WebhookWriter(deps.database.pool),
      connections: deps.connections,
      platforms: deps.platforms,
      maxSkewMs: deps.config.WEBHOOK_MAX_SKEW_SECONDS * 1000,
      recorder: new RejectionRecorder(deps.database.pool, { maxBodyBytes: deps.config.WEBHOOK_REJECTED_BODY_BYTES }),
      metrics: deps.metrics,
      log: deps.log,
      bodyLimit: deps.config.WEBHOOK_MAX_BODY_BYTES,
      now: deps.now,
    }),
  );
  await operationsRoutes(ctx);
  await connectionRoutes(ctx);
  await webhookEventRoutes(ctx);
  await commandRoutes(ctx);
  await agentRoutes(ctx);
  return app;
}

/** A worker process's own small listener: /health/live, /health/ready and /metrics only. */
export async function buildOperationsApp(deps: Deps, worker: WorkerStatus): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorHandler(app);
  await operationsRoutes({ app, deps, worker, auth: () => async () => undefined });
  return app;
}
