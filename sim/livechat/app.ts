import type { FastifyError, FastifyInstance } from "fastify";
import Fastify from "fastify";
import { installControl } from "../shared/control.ts";
import { DEMO_AGENTS } from "../shared/demo-team.ts";
import type { Sim } from "../shared/types.ts";
import { closeNow, listenOn } from "../shared/types.ts";
import { WebhookEmitter } from "../shared/webhooks.ts";
import { registerActionRoutes } from "./actions.ts";
import { agentChatActions } from "./agent-chats.ts";
import { agentCustomerActions } from "./agent-customers.ts";
import { agentEventActions } from "./agent-events.ts";
import { agentStatusActions } from "./agent-status.ts";
import { agentTransferActions } from "./agent-transfer.ts";
import { authenticate } from "./auth.ts";
import { ChatOps } from "./chat-ops.ts";
import { configurationAgentActions } from "./configuration-agents.ts";
import { botTokenLookup, configurationBotActions, issueBotToken } from "./configuration-bots.ts";
import { configurationWebhookActions, listWebhookNames } from "./configuration-webhooks.ts";
import type { LivechatCredentials } from "./constants.ts";
import { DEFAULT_LIVECHAT_CREDENTIALS, REGION } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { errorBodyForStatus, LivechatApiError, lcError } from "./errors.ts";
import type { RoutingStatusWebhookFormat } from "./people-ops.ts";
import { PeopleOps } from "./people-ops.ts";
import { registerScenarioRoutes } from "./scenario.ts";
import { LivechatState } from "./state.ts";
import { WebhookDispatcher } from "./webhook-dispatch.ts";

export type LivechatSimOptions = {
  /** Overrides of `DEFAULT_LIVECHAT_CREDENTIALS`. */
  credentials?: Partial<LivechatCredentials>;
  /** More Client IDs the organization owns (allowed as `owner_client_id`) besides `credentials.clientId`. */
  extraClientIds?: string[];
  /**
   * License webhooks of a Client ID that never called enable/disable. Default `false`: as for an app that is not
   * installed on the license, so the hub must call `enable_license_webhooks` (which works either way).
   */
  licenseWebhooksEnabled?: boolean;
  /** `routing_status_set` webhook spelling; default `space` (the webhook docs' `"accepting chats"`). */
  routingStatusWebhookFormat?: RoutingStatusWebhookFormat;
  /** Client ID that PAT calls are attributed to for `source_type` filters; default none (UNCONFIRMED). */
  patClientId?: string | null;
  /** Delay before a registered webhook starts firing (docs: configuration changes apply "after max 2 minutes"). */
  configPropagationMs?: number;
  /** Webhook retry back-off base: attempt n waits n × this. Default 5000 (3 retries within ~1 minute). */
  webhookRetryDelayMs?: number;
  /** Default 10 000: LiveChat waits ~10 s for the HTTP 200. */
  webhookTimeoutMs?: number;
  /** First attempt + retries; default 4 (docs: retried up to 3 times). */
  webhookMaxAttempts?: number;
  /** Off by default: LiveChat publishes no rate-limit numbers. */
  rateLimit?: { max: number; windowMs: number };
  logger?: boolean;
};

function installErrorHandling(app: FastifyInstance): void {
  // An empty JSON body means "no parameters", as for `list_routing_statuses` without filters.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(lcError("validation", "Request body is not valid JSON"), undefined);
    }
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(lcError("not_found", `Route ${req.method} ${req.url.split("?")[0]} not found`).body());
  });
  app.setErrorHandler((error: FastifyError | LivechatApiError, _req, reply) => {
    if (error instanceof LivechatApiError) return reply.code(error.status).send(error.body());
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(errorBodyForStatus(413));
    // Anything else the client got wrong (bad content type, malformed request) is a validation error.
    if (status >= 400 && status < 500) return reply.code(400).send(lcError("validation", error.message).body());
    return reply.code(500).send(errorBodyForStatus(500));
  });
}

/** The LiveChat sandbox: Agent Chat + Configuration Web APIs (v3.5/v3.6), webhooks, scenario and control routes. */
export async function createLivechatSim(options: LivechatSimOptions = {}): Promise<Sim> {
  const credentials: LivechatCredentials = { ...DEFAULT_LIVECHAT_CREDENTIALS, ...options.credentials };
  const ownerAgentId = DEMO_AGENTS[0]?.email ?? "ada@switchboard.demo";
  const app = Fastify({ logger: options.logger ?? false });
  const emitter = new WebhookEmitter({
    maxAttempts: options.webhookMaxAttempts ?? 4,
    retryDelayMs: options.webhookRetryDelayMs ?? 5000,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  const state = new LivechatState(credentials.accountId);
  const dispatcher = new WebhookDispatcher({
    state,
    emitter,
    organizationId: () => credentials.organizationId,
    licenseWebhooksEnabledByDefault: options.licenseWebhooksEnabled ?? false,
  });
  const deps: LivechatDeps = {
    state,
    dispatcher,
    chats: new ChatOps(state, dispatcher),
    people: new PeopleOps(state, dispatcher, options.routingStatusWebhookFormat ?? "space"),
    credentials,
    clientIds: [credentials.clientId, ...(options.extraClientIds ?? [])],
    configPropagationMs: options.configPropagationMs ?? 0,
  };
  const auth = { credentials, ownerAgentId, patClientId: options.patClientId ?? null, botToken: botTokenLookup(deps) };

  installErrorHandling(app);
  installControl(app, { errorBody: errorBodyForStatus, webhooks: emitter, onReset: () => state.reset() });
  registerActionRoutes(app, {
    api: "agent",
    authenticate: (req) => authenticate(req, auth),
    actions: {
      ...agentStatusActions(deps),
      ...agentChatActions(deps),
      ...agentEventActions(deps),
      ...agentCustomerActions(deps),
      ...agentTransferActions(deps),
    },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  registerActionRoutes(app, {
    api: "configuration",
    authenticate: (req) => authenticate(req, auth),
    actions: {
      ...configurationWebhookActions(deps),
      ...configurationAgentActions(deps),
      ...configurationBotActions(deps),
    },
    publicActions: { list_webhook_names: listWebhookNames, issue_bot_token: issueBotToken(deps) },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const basic = Buffer.from(`${credentials.accountId}:${credentials.pat}`).toString("base64");
  const publicCredentials = {
    ...credentials,
    basicAuthorization: `Basic ${basic}`,
    bearerAuthorization: `Bearer ${credentials.oauthToken}`,
    ownerAgentId,
    region: REGION,
  };
  app.get("/_sim/credentials", async () => publicCredentials);
  registerScenarioRoutes(app, deps);

  return {
    name: "livechat",
    app,
    webhooks: emitter,
    credentials: publicCredentials,
    listen: (port, host) => listenOn(app, port, host),
    close: async () => {
      // Stops pending retries so a closed sandbox sends nothing more.
      emitter.reset();
      await closeNow(app);
    },
  };
}
