import Fastify from "fastify";
import { installControl } from "../shared/control.ts";
import { closeNow, listenOn, type Sim } from "../shared/types.ts";
import { WebhookEmitter } from "../shared/webhooks.ts";
import { changeStatus } from "./actions-conversations.ts";
import { markMessageFailed } from "./actions-messages.ts";
import { CHATWOOT_DEMO } from "./constants.ts";
import type { SimContext } from "./context.ts";
import { errorBody } from "./errors.ts";
import { EventBus, type FailureHandler } from "./events.ts";
import { installHttpBehaviour } from "./http-setup.ts";
import { type ChatwootConfig, type ChatwootSimOptions, resolveOptions } from "./options.ts";
import { FixedWindowCounter, installRateLimits } from "./rate-limit.ts";
import { registerAgentRoutes } from "./routes-agents.ts";
import { registerContactRoutes } from "./routes-contacts.ts";
import { registerConversationCreateRoute } from "./routes-conversation-create.ts";
import { registerConversationListRoutes } from "./routes-conversation-list.ts";
import { registerConversationRoutes } from "./routes-conversations.ts";
import { registerInboxRoutes } from "./routes-inboxes.ts";
import { registerMessageRoutes } from "./routes-messages.ts";
import { registerSimRoutes } from "./routes-sim.ts";
import { registerWebhookRoutes } from "./routes-webhooks.ts";
import { ChatwootState, secureToken } from "./state.ts";

export type { ChatwootSimOptions } from "./options.ts";

export type ChatwootSim = Sim & {
  state: ChatwootState;
  config: ChatwootConfig;
  /** Waits for lagged webhook jobs, deliveries and their failure handling (use in tests instead of sleeping). */
  settle(): Promise<void>;
};

/** The demo credentials as they are now (secrets can be rotated through the API). */
export function chatwootCredentials(state: ChatwootState): Record<string, unknown> {
  const users = state.agents();
  const admin = users.find((u) => u.role === "administrator");
  const bot = state.bots.get(CHATWOOT_DEMO.agentBotId);
  const api = state.inboxes.get(CHATWOOT_DEMO.apiInboxId);
  const web = state.inboxes.get(CHATWOOT_DEMO.webWidgetInboxId);
  return {
    accountId: state.account.id,
    accountName: state.account.name,
    header: "api_access_token",
    admin: admin && { userId: admin.id, name: admin.name, email: admin.email, accessToken: admin.accessToken },
    agents: users
      .filter((u) => u.role === "agent")
      .map((u) => ({ userId: u.id, name: u.name, email: u.email, accessToken: u.accessToken })),
    agentBot: bot && {
      id: bot.id,
      name: bot.name,
      accessToken: bot.accessToken,
      secret: bot.secret,
      outgoingUrl: bot.outgoingUrl,
    },
    apiInbox: api && { id: api.id, name: api.name, secret: api.secret, webhookUrl: api.webhookUrl },
    webWidgetInbox: web && { id: web.id, name: web.name, websiteToken: web.websiteToken },
    webhooks: [...state.webhooks.values()].map((w) => ({
      id: w.id,
      url: w.url,
      subscriptions: w.subscriptions,
      secret: w.secret,
    })),
  };
}

/** Chatwoot's reaction to deliveries that finally failed (doc §2.1). */
function failureHandler(ctx: SimContext): FailureHandler {
  return (kind, event, scope) => {
    if (event !== "message_created" && event !== "message_updated") return;
    if (kind === "api_inbox" && scope.message)
      markMessageFailed(scope.message, "Webhook delivery failed", ctx.config.now());
    const conv = scope.conversation;
    if (kind === "agent_bot" && conv?.status === "pending" && !ctx.config.keepPendingOnBotFailure) {
      changeStatus(ctx, conv, "open", null, {
        activity: "Conversation was marked open by system due to an error with the agent bot.",
      });
    }
  };
}

/**
 * A stateful Chatwoot (v4.15) account: the Application API the hub calls, signed account / API-inbox / agent-bot
 * webhooks, and `/_sim` controls and scenario actions. Written from platforms/chatwoot.md, never from `src/`.
 */
export async function createChatwootSim(options: ChatwootSimOptions = {}): Promise<ChatwootSim> {
  const resolved = resolveOptions(options);
  // Seeded webhooks keep one secret across resets, so a hub configured with it keeps verifying.
  const config: ChatwootConfig = {
    ...resolved,
    webhooks: resolved.webhooks.map((w) => ({ ...w, secret: w.secret ?? secureToken() })),
  };
  const state = new ChatwootState();
  state.reset(config);
  // Account and API-inbox webhooks are never retried (doc §2.1); agent-bot retries on 429/500 are not modelled.
  const webhooks = new WebhookEmitter({ maxAttempts: 1, timeoutMs: config.webhookTimeoutMs });
  const bus = new EventBus(state, webhooks, config);
  const ctx: SimContext = { state, config, bus };
  bus.onFailure = failureHandler(ctx);
  const counter = new FixedWindowCounter();

  const app = Fastify({ logger: config.logger });
  installHttpBehaviour(app);
  installControl(app, {
    errorBody,
    webhooks,
    onReset: () => {
      bus.reset();
      counter.reset();
      state.reset(config);
    },
  });
  installRateLimits(app, config, counter);
  registerAgentRoutes(app, ctx);
  registerConversationListRoutes(app, ctx);
  registerConversationCreateRoute(app, ctx);
  registerConversationRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerInboxRoutes(app, ctx);
  registerSimRoutes(app, ctx, () => chatwootCredentials(state));
  await app.ready();

  return {
    name: "chatwoot",
    app,
    webhooks,
    state,
    config,
    credentials: chatwootCredentials(state),
    listen: (port, host) => listenOn(app, port, host),
    settle: () => bus.settle(),
    close: async () => {
      bus.reset();
      await closeNow(app);
    },
  };
}
