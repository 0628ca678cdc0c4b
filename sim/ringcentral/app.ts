import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { installControl } from "../shared/control.ts";
import { closeNow, listenOn, type Sim } from "../shared/types.ts";
import { WebhookEmitter } from "../shared/webhooks.ts";
import { createAdminState, seedAdmin } from "./admin-state.ts";
import { CallEngine } from "./calls.ts";
import type { SimContext } from "./context.ts";
import { errorBodyForStatus, rcErrors, sendRcError } from "./errors.ts";
import { mintUserJwt } from "./jwt.ts";
import { Notifier } from "./notifier.ts";
import { type RingcentralSimOptions, resolveConfig, type SimConfig } from "./options.ts";
import { RateLimiter } from "./rate-limit.ts";
import { registerAdminExtensionRoutes } from "./routes-admin-extensions.ts";
import { registerAdminSimRoutes } from "./routes-admin-sim.ts";
import { createVoiceSim, registerAiRoutes } from "./routes-ai.ts";
import { registerCallLogRoutes } from "./routes-call-log.ts";
import { registerCallQueueRoutes } from "./routes-call-queues.ts";
import { registerContactRoutes } from "./routes-contacts.ts";
import { registerExtensionRoutes } from "./routes-extensions.ts";
import { registerHoursRoutes } from "./routes-hours.ts";
import { registerIvrRoutes } from "./routes-ivr.ts";
import { registerNumberRoutes } from "./routes-numbers.ts";
import { registerOauthRoutes } from "./routes-oauth.ts";
import { registerSimRoutes } from "./routes-sim.ts";
import { registerSmsRoutes } from "./routes-sms.ts";
import { registerSubscriptionRoutes } from "./routes-subscriptions.ts";
import { registerTeamMessagingRoutes } from "./routes-team-messaging.ts";
import { registerTelephonyRoutes } from "./routes-telephony.ts";
import { createDirectory, type DirectoryState, seedDirectory } from "./state.ts";
import { SubscriptionStore } from "./subscriptions.ts";
import { TokenStore } from "./tokens.ts";

export { RINGCENTRAL_SIM_DEFAULTS, type RingcentralSimOptions } from "./options.ts";

class BadJsonError extends Error {}

/** Bodies as RingCentral takes them: JSON (an empty body is allowed, e.g. renew), and forms for OAuth. */
function installParsers(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadJsonError("JSON can't be parsed."), undefined);
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    const form: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(String(body))) {
      const seen = form[key];
      form[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    done(null, form);
  });
  // IVR prompt uploads (the route caps the size and reads the parts).
  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
}

/** Errors never leak as Fastify's own shape: bad input is a 4xx in RingCentral's shape, the rest CMN-203. */
function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof BadJsonError) return rcErrors.unparsableJson(reply);
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return sendRcError(reply, 415, "CMN-104", "Cannot parse request");
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendRcError(reply, 413, "CMN-104", "Cannot parse request");
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendRcError(reply, error.statusCode, "CMN-104", "Cannot parse request");
    }
    req.log.error({ err: error }, "ringcentral sandbox error");
    return rcErrors.internal(reply);
  });
  app.setNotFoundHandler((_req, reply) => rcErrors.invalidUri(reply));
}

async function buildCredentials(config: SimConfig, dir: DirectoryState): Promise<Record<string, unknown>> {
  const users = await Promise.all(
    dir.extensions.map(async (ext) => ({
      extensionId: ext.id,
      extensionNumber: ext.extensionNumber,
      name: ext.name,
      email: ext.email,
      phone: ext.phone,
      jwt: await mintUserJwt(config.jwtSigningKey, ext.id),
    })),
  );
  return {
    server: undefined,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    accountId: config.accountId,
    mainNumber: config.mainNumber,
    users,
  };
}

/** The RingCentral sandbox: OAuth/JWT, REST v1.0, Team Messaging, WebHook subscriptions, call scenarios. */
export async function createRingcentralSim(options: RingcentralSimOptions = {}): Promise<Sim> {
  const config = resolveConfig(options);
  const app = Fastify({ logger: options.logger ?? false });
  installParsers(app);
  installErrorHandling(app);
  const webhooks = new WebhookEmitter(options.webhooks);
  const dir = createDirectory(config.accountId);
  const subs = new SubscriptionStore(config);
  const ctx: SimContext = {
    config,
    dir,
    calls: new CallEngine(config, dir),
    tokens: new TokenStore(config),
    limiter: new RateLimiter(config.rateLimits, config.rateLimitWindowSec, config.rateLimitPenaltySec, config.now),
    subs,
    notifier: new Notifier(config, subs, webhooks),
    admin: createAdminState(dir, config.mainNumber),
    voice: createVoiceSim(),
  };
  installControl(app, {
    errorBody: errorBodyForStatus,
    webhooks,
    onReset: () => {
      seedDirectory(dir);
      ctx.calls.reset();
      ctx.tokens.reset();
      ctx.limiter.reset();
      subs.reset();
      seedAdmin(ctx.admin, dir, config.mainNumber);
    },
  });
  const credentials = await buildCredentials(config, dir);
  registerOauthRoutes(app, ctx);
  registerExtensionRoutes(app, ctx);
  registerTelephonyRoutes(app, ctx);
  registerCallLogRoutes(app, ctx);
  registerTeamMessagingRoutes(app, ctx);
  registerContactRoutes(app, ctx);
  registerSubscriptionRoutes(app, ctx);
  registerSimRoutes(app, ctx, credentials);
  registerAdminExtensionRoutes(app, ctx);
  registerCallQueueRoutes(app, ctx);
  registerIvrRoutes(app, ctx);
  registerNumberRoutes(app, ctx);
  registerHoursRoutes(app, ctx);
  registerAdminSimRoutes(app, ctx);
  registerAiRoutes(app, ctx, ctx.voice);
  registerSmsRoutes(app, ctx);

  let listenUrl: string | undefined;
  ctx.notifier.startReminders(() => config.publicUrl ?? listenUrl ?? "http://127.0.0.1");
  return {
    name: "ringcentral",
    app,
    webhooks,
    credentials,
    async listen(port: number, host?: string) {
      listenUrl = await listenOn(app, port, host);
      credentials.server = config.publicUrl ?? listenUrl;
      return listenUrl;
    },
    async close() {
      ctx.notifier.stop();
      await closeNow(app);
    },
  };
}
