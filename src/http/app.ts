import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { rcAdminPlugin } from "../admin/plugin.ts";
import { agentRoutes } from "../api/agents.ts";
import { apiKeyRoutes } from "../api/api-keys.ts";
import { authRoutes } from "../api/auth.ts";
import { botAdminRoutes } from "../api/bot-admin.ts";
import { botKnowledgeRoutes } from "../api/bot-knowledge.ts";
import { chatAgentRoutes } from "../api/chat-agents.ts";
import { chatConversationRoutes } from "../api/chat-conversations.ts";
import { chatGroupRoutes } from "../api/chat-groups.ts";
import { chatTagRoutes } from "../api/chat-tags.ts";
import { chatThreadRoutes } from "../api/chat-threads.ts";
import { chatWidgetRoutes } from "../api/chat-widget.ts";
import { chatSocketRoutes } from "../api/chat-ws.ts";
import { commandRoutes } from "../api/commands.ts";
import { connectionRoutes } from "../api/connections.ts";
import { conversationRoutes } from "../api/conversations.ts";
import { customerMatchRoutes } from "../api/customer-matches.ts";
import { customerRoutes } from "../api/customers.ts";
import { operationsRoutes } from "../api/operations.ts";
import { statsRoutes } from "../api/stats.ts";
import { streamRoutes } from "../api/stream.ts";
import { userRoutes } from "../api/users.ts";
import { voiceRoutes } from "../api/voice.ts";
import { webhookEventRoutes } from "../api/webhook-events.ts";
import { sessionSettings } from "../auth/session.ts";
import { botWebhookRoutes } from "../bot/channels/route.ts";
import { failureLimiter } from "../db/rate-limits.ts";
import type { Deps } from "../deps.ts";
import { WebhookWriter } from "../ingest/group-commit.ts";
import { RejectionRecorder } from "../ingest/rejections.ts";
import { ingestRoutes } from "../ingest/route.ts";
import {
  type Authenticator,
  accessTokenAuthenticator,
  adminKeyAuthenticator,
  apiKeyAuthenticator,
  collectRouteAccess,
  refreshCookieAuthenticator,
  requireRole,
} from "./auth.ts";
import { clientErrorHandler, frameworkErrors, refuseConnect } from "./client-errors.ts";
import { ApiError, installErrorHandler } from "./errors.ts";
import { installJsonBodyParser } from "./json-body.ts";
import type { RouteContext, WorkerStatus } from "./routes.ts";
import { DASHBOARD_DIST_DIR, registerDashboard } from "./static.ts";
import { registerWidgetAssets } from "./widget-assets.ts";

const API_DESCRIPTION = `Contact-center hub between LiveChat, Chatwoot and RingCentral.

**Authentication.** Every \`/api\` route takes \`Authorization: Bearer <credential>\`, one of:
- an access token (JWT) from \`POST /api/auth/login\`, renewed by \`POST /api/auth/refresh\` with the httpOnly refresh cookie;
- an API key (\`sbk_…\`) created by an admin at \`POST /api/api-keys\`;
- the deployment's admin key (ADMIN_API_KEY), which acts as an admin of the default workspace.

**Roles.** agent: read agents, conversations, customers, timelines, stats. supervisor: also the sync log (commands)
and webhook events, retrying commands, agents' intent, the customer review queue, merging and splitting customers.
admin: everything, including connections, users, API keys, webhook replay, creating and deleting agents.

**API key scopes** map onto roles: \`read\` → agent, \`write\` → supervisor, \`admin\` → admin (the highest scope wins).

Everything is scoped to the caller's workspace: another workspace's ids answer 404.`;

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
    // Only behind a proxy that sets X-Forwarded-For: otherwise a client could forge its address (login limits).
    trustProxy: deps.config.TRUST_PROXY,
    clientErrorHandler,
    frameworkErrors,
  });
  refuseConnect(app.server);
  installJsonBodyParser(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // GET and HEAD carry no body: one that declares a body is refused before any handler answers, since a large
  // answer written while the client still sends would be cut off by the connection's reset.
  app.addHook("onRequest", async (req) => {
    const declaresBody =
      Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if ((req.method === "GET" || req.method === "HEAD") && declaresBody)
      throw new ApiError("bad_request", `a ${req.method} request carries no body`);
  });
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
        description: API_DESCRIPTION,
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          visitorToken: { type: "http", scheme: "bearer", description: "A widget visitor's session token (vst_…)" },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  // Parses Cookie on every request (before the authenticators' hooks) and gives replies setCookie.
  await app.register(cookie);

  const db = deps.database.db;
  // Clocks read through deps at call time, so a test can move time.
  const now = () => deps.now();
  const session = sessionSettings(deps.config, deps.secretKey, now);
  const authenticators = options.authenticators ?? [
    adminKeyAuthenticator(deps.adminApiKey, options.workspaceId),
    apiKeyAuthenticator(db, now),
    accessTokenAuthenticator(db, session),
  ];
  const ctx: RouteContext = { app, deps, auth: (role) => requireRole(authenticators, role), worker: options.worker };
  collectRouteAccess(app);

  await app.register(async (scope) =>
    ingestRoutes(scope, {
      writer: new WebhookWriter(deps.database.pool),
      connections: deps.connections,
      platforms: deps.platforms,
      maxSkewMs: deps.config.WEBHOOK_MAX_SKEW_SECONDS * 1000,
      recorder: new RejectionRecorder(deps.database.pool, {
        maxBodyBytes: deps.config.WEBHOOK_REJECTED_BODY_BYTES,
        platforms: deps.platforms,
      }),
      metrics: deps.metrics,
      log: deps.log,
      bodyLimit: deps.config.WEBHOOK_MAX_BODY_BYTES,
      now: deps.now,
    }),
  );
  await app.register(async (scope) => botWebhookRoutes(scope, deps));
  await operationsRoutes(ctx);
  await connectionRoutes(ctx);
  await webhookEventRoutes(ctx);
  await commandRoutes(ctx);
  await agentRoutes(ctx);
  const budget = { max: deps.config.LOGIN_MAX_FAILURES, windowSeconds: deps.config.LOGIN_WINDOW_SECONDS };
  await authRoutes(ctx, {
    settings: session,
    // A client address gets several people's worth of budget: offices share one.
    limiters: {
      email: failureLimiter(deps.database.pool, { prefix: "login-email", ...budget }),
      address: failureLimiter(deps.database.pool, { prefix: "login-ip", ...budget, max: budget.max * 5 }),
    },
    defaultWorkspaceId: options.workspaceId,
  });
  await userRoutes(ctx);
  await apiKeyRoutes(ctx);
  await conversationRoutes(ctx);
  await voiceRoutes(ctx);
  await customerRoutes(ctx);
  await customerMatchRoutes(ctx);
  await statsRoutes(ctx);
  await botKnowledgeRoutes(ctx);
  await botAdminRoutes(ctx);
  await streamRoutes(ctx, {
    authenticators: [
      ...authenticators,
      accessTokenAuthenticator(db, session, true),
      refreshCookieAuthenticator(db, now),
    ],
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await chatGroupRoutes(ctx);
  await chatTagRoutes(ctx);
  await chatAgentRoutes(ctx);
  await chatConversationRoutes(ctx);
  await chatThreadRoutes(ctx);
  await chatWidgetRoutes(ctx, { defaultWorkspaceId: options.workspaceId });
  await chatSocketRoutes(ctx, { authenticators: [...authenticators, accessTokenAuthenticator(db, session, true)] });
  await registerWidgetAssets(app);
  await app.register(async (scope) => rcAdminPlugin({ ...ctx, app: scope }));
  await registerDashboard(app, { distDir: DASHBOARD_DIST_DIR });
  return app;
}

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
