import { z } from "zod";
import { ChatwootClient } from "../platforms/chatwoot/client.ts";
import { LivechatClient } from "../platforms/livechat/client.ts";
import { RingcentralClient } from "../platforms/ringcentral/client.ts";
import { type ConnectionRow, openCredentials } from "./repo.ts";
import type { SharedRateLimiter } from "./ringcentral-budget.ts";

/** What each platform's connection must hold: credentials (encrypted) and settings (plain). */
export const livechatCredentials = z.union([
  z.object({ accountId: z.string().min(1), pat: z.string().min(1) }),
  z.object({ accessToken: z.string().min(1) }),
]);
export const livechatSettings = z.object({
  /** The app's Client ID: owner of the registered webhooks. */
  clientId: z.string().min(1),
  apiVersion: z.enum(["v3.6", "v3.5"]).default("v3.6"),
  baseUrl: z.string().url().optional(),
});
export const ringcentralCredentials = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  jwt: z.string().min(1),
});
export const ringcentralSettings = z.object({
  serverUrl: z.string().url().optional(),
  recordingHosts: z.array(z.string()).optional(),
  /** Subscription lifetime requested from RingCentral, in seconds. */
  subscriptionExpiresIn: z.number().int().min(60).default(604_800),
});
export const chatwootCredentials = z.object({ apiAccessToken: z.string().min(1) });
export const chatwootSettings = z.object({
  baseUrl: z.string().url().optional(),
  accountId: z.union([z.number(), z.string()]),
});

export type PlatformClients = {
  livechat: { client: LivechatClient; settings: z.infer<typeof livechatSettings> };
  ringcentral: { client: RingcentralClient; settings: z.infer<typeof ringcentralSettings> };
  chatwoot: { client: ChatwootClient; settings: z.infer<typeof chatwootSettings> };
};

export class ConnectionConfigError extends Error {}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ConnectionConfigError(
      `${what}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

/**
 * One client per connection per process, kept while the connection is unchanged: RingCentral's client holds its
 * OAuth tokens and rate-limit budget, which must survive between commands.
 */
export class ClientCache {
  readonly #cache = new Map<string, { version: number; value: unknown }>();
  readonly #key: Buffer;
  readonly #budget: SharedRateLimiter | undefined;
  /** With `budget`, RingCentral clients share one rate budget per connection with every other process. */
  constructor(secretKey: Buffer, budget?: SharedRateLimiter) {
    this.#key = secretKey;
    this.#budget = budget;
  }

  livechat(row: ConnectionRow): PlatformClients["livechat"] {
    return this.#get(row, () => {
      const credentials = parse(livechatCredentials, openCredentials(row, this.#key), "LiveChat credentials");
      const settings = parse(livechatSettings, row.settings, "LiveChat settings");
      const auth =
        "pat" in credentials
          ? { kind: "pat" as const, accountId: credentials.accountId, pat: credentials.pat }
          : { kind: "bearer" as const, token: credentials.accessToken };
      return {
        client: new LivechatClient({ auth, baseUrl: settings.baseUrl, version: settings.apiVersion }),
        settings,
      };
    });
  }

  ringcentral(row: ConnectionRow): PlatformClients["ringcentral"] {
    return this.#get(row, () => {
      const credentials = parse(ringcentralCredentials, openCredentials(row, this.#key), "RingCentral credentials");
      const settings = parse(ringcentralSettings, row.settings, "RingCentral settings");
      const client = new RingcentralClient({
        ...credentials,
        baseUrl: settings.serverUrl,
        allowedRecordingHosts: settings.recordingHosts,
        budget: this.#budget?.forConnection(row.id),
      });
      return { client, settings };
    });
  }

  chatwoot(row: ConnectionRow): PlatformClients["chatwoot"] {
    return this.#get(row, () => {
      const credentials = parse(chatwootCredentials, openCredentials(row, this.#key), "Chatwoot credentials");
      const settings = parse(chatwootSettings, row.settings, "Chatwoot settings");
      return {
        client: new ChatwootClient({
          baseUrl: settings.baseUrl,
          accountId: settings.accountId,
          apiAccessToken: credentials.apiAccessToken,
        }),
        settings,
      };
    });
  }

  #get<T>(row: ConnectionRow, make: () => T): T {
    const version = row.updatedAt.getTime();
    const hit = this.#cache.get(row.id);
    if (hit && hit.version === version) return hit.value as T;
    const value = make();
    this.#cache.set(row.id, { version, value });
    return value;
  }
}
