import { type CountryCode, isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";

/** A comma-separated list of platform names ("none" or empty for none). */
const platformList = <T extends readonly [string, ...string[]]>(allowed: T) =>
  z
    .string()
    .transform((v) =>
      v.trim() === "none"
        ? []
        : v
            .split(",")
            .map((p) => p.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(allowed)));

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** The whole environment, parsed once. Nothing else reads process.env. Every variable is in .env.template. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** PostgreSQL server; unset → an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./.switchboard"),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** true behind a reverse proxy / load balancer: client addresses are read from X-Forwarded-For. */
  TRUST_PROXY: bool.default(false),
  /** Base URL the platforms reach us at; webhook URLs are built from it. */
  PUBLIC_URL: z.string().url().optional(),
  /** Bearer key for the admin API. Unset → generated into DATA_DIR and printed once. */
  ADMIN_API_KEY: z.string().min(16).optional(),
  /** 32 bytes, base64 or hex, for AES-256-GCM of secrets at rest. Unset → generated into DATA_DIR (warned). */
  SECRET_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEBHOOK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Allowed clock skew for timestamped webhook signatures (Chatwoot). */
  WEBHOOK_MAX_SKEW_SECONDS: z.coerce.number().int().min(1).default(300),
  /** Rejected webhooks kept for inspection; older ones are pruned, so a flood cannot fill the disk. */
  WEBHOOK_REJECTED_KEEP: z.coerce.number().int().min(0).default(10_000),
  /** Bytes of a rejected body kept for inspection. */
  WEBHOOK_REJECTED_BODY_BYTES: z.coerce.number().int().min(0).default(4096),
  /** Port of a `worker` process's /health and /metrics listener (0 = any free port). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** Seconds between a worker's heartbeats (each also releases the jobs of dead workers). */
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(60).default(2),
  /** A worker without a heartbeat for this long is dead: its locked jobs go to the live workers. */
  WORKER_DEAD_AFTER_SECONDS: z.coerce.number().min(1).max(3600).default(10),
  /** Seconds between reconciliation ticks (Chatwoot availability is polled every tick: it sends no webhooks). */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(15),
  /** LiveChat and RingCentral are read every Nth tick (their webhooks carry changes; polling repairs losses). */
  RECONCILE_FULL_EVERY: z.coerce.number().int().min(1).default(4),
  /** Start the bundled sandboxes and wire a sandbox workspace to them (`npm start` turns it on). */
  SANDBOX: bool.default(false),
  /**
   * How many times faster than real time scenarios run through the sandboxes (a benchmark compressing a day):
   * RingCentral's per-minute rate budgets in the sandbox scale with it, as a real day would spread the same calls.
   */
  SANDBOX_TIME_SCALE: z.coerce.number().min(1).max(100).default(1),
  SANDBOX_LIVECHAT_PORT: z.coerce.number().int().min(0).default(4101),
  SANDBOX_RINGCENTRAL_PORT: z.coerce.number().int().min(0).default(4102),
  SANDBOX_CHATWOOT_PORT: z.coerce.number().int().min(0).default(4103),
  /** First admin, created on first start when no user exists (with ADMIN_PASSWORD). */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12).optional(),
  /** Lifetime of a login's access token (a JWT): short, the refresh cookie renews it. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** Lifetime of the refresh token (httpOnly cookie); each refresh rotates it. */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30 * 86_400),
  /** Mark the refresh cookie `Secure`. Unset: on when PUBLIC_URL is https. */
  COOKIE_SECURE: bool.optional(),
  /** Failed logins allowed per email and per client address within LOGIN_WINDOW_SECONDS before 429. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  DEFAULT_PHONE_REGION: z
    .string()
    .toUpperCase()
    .pipe(
      z.custom<CountryCode>(
        (v) => typeof v === "string" && isSupportedCountry(v),
        "not a supported ISO 3166 region code",
      ),
    )
    .default("US"),
  /** Platforms where a chat customer without a matching contact gets one created ("none" turns it off). */
  CREATE_CONTACTS: platformList(["ringcentral", "chatwoot"] as const).default(["ringcentral", "chatwoot"]),
  /** Platforms whose customer emails count as verified for automatic matching (others go to the review queue). */
  VERIFIED_EMAIL_PLATFORMS: platformList(["livechat", "chatwoot"] as const).default(["chatwoot"]),
  /** Agent bot: OpenAI-compatible endpoint (chat completions + embeddings); unset → only the extractive provider. */
  BOT_LLM_BASE_URL: z.string().url().optional(),
  BOT_LLM_API_KEY: z.string().optional(),
  BOT_LLM_MODEL: z.string().default("gpt-4o-mini"),
  /** Set: chunks get embeddings from the provider's /embeddings and retrieval fuses BM25 with them (RRF). */
  BOT_LLM_EMBEDDING_MODEL: z.string().min(1).optional(),
  /** One model request's time limit; with retries the bot waits at most about three of these before falling back. */
  BOT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  BOT_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Prices in US dollars per million tokens, for the cost shown and the daily budget. */
  BOT_LLM_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).default(0.15),
  BOT_LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).default(0.6),
  /** Daily spend (US dollars, per workspace, UTC day) after which the paid provider stops and extractive answers. */
  BOT_DAILY_BUDGET_USD: z.coerce.number().min(0).default(5),
  /** Hosts a knowledge-base URL may be fetched from ("*" = any public host); private addresses are always refused. */
  BOT_FETCH_ALLOWED_HOSTS: z.string().default("*"),
  BOT_FETCH_MAX_BYTES: z.coerce.number().int().min(1024).max(20_000_000).default(2_000_000),
  /** LLM sandbox port when SANDBOX=true (0 = any free port). */
  SANDBOX_LLM_PORT: z.coerce.number().int().min(0).default(4104),
  /** Built-in chat widget (public): requests per client address, and messages per visitor session, per minute. */
  WIDGET_RATE_PER_IP: z.coerce.number().int().min(1).default(120),
  WIDGET_RATE_PER_SESSION: z.coerce.number().int().min(1).default(60),
  /** Longest visitor or agent chat message, in characters (longer: 413). */
  WIDGET_MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).max(20_000).default(4000),
  /** Speech-to-text provider for call recordings: auto = pocketsphinx when installed, else RingCentral AI. */
  VOICE_STT_PROVIDER: z.enum(["auto", "pocketsphinx", "ringcentral", "openai", "off"]).default("auto"),
  /** An OpenAI-compatible server (e.g. self-hosted Whisper): base URL up to /v1, key and model. */
  VOICE_OPENAI_URL: z.string().url().optional(),
  VOICE_OPENAI_KEY: z.string().optional(),
  VOICE_OPENAI_MODEL: z.string().default("whisper-1"),
  /** Summary: extractive (local, default) or RingCentral's summarize endpoint. */
  VOICE_SUMMARY_PROVIDER: z.enum(["extractive", "ringcentral"]).default("extractive"),
  /** Where recordings are stored (default: DATA_DIR/recordings); deleted after VOICE_RETENTION_DAYS. */
  VOICE_RECORDINGS_DIR: z.string().optional(),
  VOICE_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  VOICE_MAX_RECORDING_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  /** Runs of a recording's pipeline on transient errors (provider down…) before it is dead-lettered as failed. */
  VOICE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(5),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
