import { z } from "zod";
import type { ConnectionRow } from "../../connections/repo.ts";
import { openCredentials } from "../../connections/repo.ts";
import { type ClientEnv, parseConfig } from "../connection-types.ts";
import { RingcentralClient } from "./client.ts";
import { PgTokenStore } from "./token-store.ts";

/** What a RingCentral connection must hold: credentials (encrypted) and settings (plain). */
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

export type RingcentralClients = { client: RingcentralClient; settings: z.infer<typeof ringcentralSettings> };

/**
 * With the shared budget and database, the client shares one rate budget and one access token per connection with
 * every other process (PostgreSQL).
 */
export function createRingcentralClient(row: ConnectionRow, env: ClientEnv): RingcentralClients {
  const credentials = parseConfig(
    ringcentralCredentials,
    openCredentials(row, env.secretKey),
    "RingCentral credentials",
  );
  const settings = parseConfig(ringcentralSettings, row.settings, "RingCentral settings");
  const client = new RingcentralClient({
    ...credentials,
    baseUrl: settings.serverUrl,
    allowedRecordingHosts: settings.recordingHosts,
    budget: env.budget?.forConnection(row.id),
    tokenStore: env.database ? new PgTokenStore(env.database, env.secretKey, row.id) : undefined,
  });
  return { client, settings };
}
