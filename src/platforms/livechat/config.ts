import { z } from "zod";
import type { ConnectionRow } from "../../connections/repo.ts";
import { openCredentials } from "../../connections/repo.ts";
import { type ClientEnv, parseConfig } from "../connection-types.ts";
import { LivechatClient } from "./client.ts";

/** What a LiveChat connection must hold: credentials (encrypted) and settings (plain). */
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

export type LivechatClients = { client: LivechatClient; settings: z.infer<typeof livechatSettings> };

export function createLivechatClient(row: ConnectionRow, env: ClientEnv): LivechatClients {
  const credentials = parseConfig(livechatCredentials, openCredentials(row, env.secretKey), "LiveChat credentials");
  const settings = parseConfig(livechatSettings, row.settings, "LiveChat settings");
  const auth =
    "pat" in credentials
      ? { kind: "pat" as const, accountId: credentials.accountId, pat: credentials.pat }
      : { kind: "bearer" as const, token: credentials.accessToken };
  return { client: new LivechatClient({ auth, baseUrl: settings.baseUrl, version: settings.apiVersion }), settings };
}
