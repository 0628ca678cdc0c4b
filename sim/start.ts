import { createChatwootSim } from "./chatwoot/app.ts";
import { createLivechatSim } from "./livechat/app.ts";
import { createLlmSim } from "./llm/app.ts";
import { createRingcentralSim } from "./ringcentral/app.ts";
import type { Sim } from "./shared/types.ts";

export type Sandboxes = {
  livechat: { url: string; sim: Sim };
  ringcentral: { url: string; sim: Sim };
  chatwoot: { url: string; sim: Sim };
  llm: { url: string; sim: Sim };
  close(): Promise<void>;
};

export type SandboxOptions = {
  host?: string;
  ports?: { livechat?: number; ringcentral?: number; chatwoot?: number; llm?: number };
  /** Overrides of the demo credentials and behaviour, as environment variables (see sim/README.md). */
  env?: Record<string, string | undefined>;
};

/** Starts the three sandboxes (the demo team seeded in each) and resolves once all three listen. */
export async function startSandboxes(options: SandboxOptions = {}): Promise<Sandboxes> {
  const env = options.env ?? {};
  const host = options.host ?? "127.0.0.1";
  const num = (name: string) => (env[name] ? Number(env[name]) : undefined);
  const livechat = await createLivechatSim({
    credentials: {
      ...(env.SIM_LIVECHAT_ACCOUNT_ID ? { accountId: env.SIM_LIVECHAT_ACCOUNT_ID } : {}),
      ...(env.SIM_LIVECHAT_PAT ? { pat: env.SIM_LIVECHAT_PAT } : {}),
      ...(env.SIM_LIVECHAT_CLIENT_ID ? { clientId: env.SIM_LIVECHAT_CLIENT_ID } : {}),
    },
    webhookRetryDelayMs: num("SIM_LIVECHAT_WEBHOOK_RETRY_MS") ?? 1000,
  });
  const rateScale = num("SIM_RINGCENTRAL_RATE_SCALE") ?? 1;
  const ringcentral = await createRingcentralSim({
    // Benchmarks compress a day; RingCentral's per-minute budgets compress with it (1 = the real plan).
    ...(rateScale !== 1
      ? { rateLimits: { Light: 50 * rateScale, Medium: 40 * rateScale, Heavy: 10 * rateScale, Auth: 5 * rateScale } }
      : {}),
    ...(env.SIM_RINGCENTRAL_CLIENT_ID ? { clientId: env.SIM_RINGCENTRAL_CLIENT_ID } : {}),
    ...(env.SIM_RINGCENTRAL_CLIENT_SECRET ? { clientSecret: env.SIM_RINGCENTRAL_CLIENT_SECRET } : {}),
    ...(env.SIM_RINGCENTRAL_JWT_KEY ? { jwtSigningKey: env.SIM_RINGCENTRAL_JWT_KEY } : {}),
    // Queue calls for the analytics: a backfill of the last days, then a trickle (0 calls a day turns it off).
    queueCalls: {
      backfillDays: num("SIM_RINGCENTRAL_QUEUE_CALL_DAYS") ?? 3,
      perDay: num("SIM_RINGCENTRAL_QUEUE_CALLS_PER_DAY") ?? 240,
    },
    ...(num("SIM_RINGCENTRAL_CALL_LOG_LAG_MS") !== undefined
      ? { callLogLagMs: num("SIM_RINGCENTRAL_CALL_LOG_LAG_MS") }
      : {}),
  });
  const chatwoot = await createChatwootSim({
    ...(env.SIM_CHATWOOT_ADMIN_TOKEN ? { adminToken: env.SIM_CHATWOOT_ADMIN_TOKEN } : {}),
  });
  const llm = await createLlmSim({ ...(env.SIM_LLM_API_KEY ? { apiKey: env.SIM_LLM_API_KEY } : {}) });
  const sims = { livechat, ringcentral, chatwoot, llm };
  const urls = {
    livechat: await livechat.listen(options.ports?.livechat ?? 4101, host),
    ringcentral: await ringcentral.listen(options.ports?.ringcentral ?? 4102, host),
    chatwoot: await chatwoot.listen(options.ports?.chatwoot ?? 4103, host),
    // Callers that choose ports for the others (tests: 0 = any) get any free port for the LLM unless they name one.
    llm: await llm.listen(options.ports?.llm ?? (options.ports ? 0 : 4104), host),
  };
  return {
    livechat: { url: urls.livechat, sim: sims.livechat },
    ringcentral: { url: urls.ringcentral, sim: sims.ringcentral },
    chatwoot: { url: urls.chatwoot, sim: sims.chatwoot },
    llm: { url: urls.llm, sim: sims.llm },
    close: async () => {
      await Promise.all(Object.values(sims).map((s) => s.close()));
    },
  };
}
