import { z } from "zod";
import type { ConnectionRow } from "../../connections/repo.ts";
import { openCredentials } from "../../connections/repo.ts";
import { type ClientEnv, parseConfig } from "../connection-types.ts";
import { ChatwootClient } from "./client.ts";

/** What a Chatwoot connection must hold: credentials (encrypted) and settings (plain). */
export const chatwootCredentials = z.object({ apiAccessToken: z.string().min(1) });
export const chatwootSettings = z.object({
  baseUrl: z.string().url().optional(),
  accountId: z.union([z.number(), z.string()]),
});

export type ChatwootClients = { client: ChatwootClient; settings: z.infer<typeof chatwootSettings> };

export function createChatwootClient(row: ConnectionRow, env: ClientEnv): ChatwootClients {
  const credentials = parseConfig(chatwootCredentials, openCredentials(row, env.secretKey), "Chatwoot credentials");
  const settings = parseConfig(chatwootSettings, row.settings, "Chatwoot settings");
  return {
    client: new ChatwootClient({
      baseUrl: settings.baseUrl,
      accountId: settings.accountId,
      apiAccessToken: credentials.apiAccessToken,
    }),
    settings,
  };
}
