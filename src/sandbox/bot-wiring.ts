import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Sandboxes } from "../../sim/start.ts";
import { botContext } from "../bot/context.ts";
import { saveInbox } from "../bot/inboxes.ts";
import { configureSandboxModel } from "../bot/sandbox-model.ts";
import { inboxSettingsSchema } from "../bot/settings.ts";
import type { Deps } from "../deps.ts";
import { wireSandboxLivechatBot } from "./bot-wiring-livechat.ts";

const DEMO_KB_DIR = path.join(import.meta.dirname, "demo-kb");
/** The Chatwoot sandbox's API inbox: the scripted day's chats use the website inbox, so the two never mix. */
export const DEMO_BOT_CHATWOOT_INBOX = 1;
export const DEMO_BOT_INBOX_ID = "chatwoot-api-inbox";

type CwCredentials = {
  accountId: number;
  admin: { accessToken: string };
  agentBot: { id: number; accessToken: string; secret: string };
};

/**
 * Sandbox mode: a small demo knowledge base (a fictional product's help center), the Chatwoot sandbox's agent bot
 * pointed at the hub and attached to its API inbox, and the hub's bot turned on for it with the LLM sandbox as
 * its model. Idempotent: documents with unchanged content are left alone.
 */
export async function wireSandboxBot(
  deps: Deps,
  workspaceId: string,
  sandboxes: Sandboxes,
  hubUrl: string,
): Promise<void> {
  const bot = botContext(deps);
  const llm = (await (await fetch(`${sandboxes.llm.url}/_sim/credentials`)).json()) as { apiKey: string };
  configureSandboxModel(deps, `${sandboxes.llm.url}/v1`, llm.apiKey);
  for (const file of readdirSync(DEMO_KB_DIR)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    const content = readFileSync(path.join(DEMO_KB_DIR, file), "utf8");
    const title = /^#\s+(.+)$/m.exec(content)?.[1]?.trim() ?? file;
    await bot.knowledge.upsert(workspaceId, { title, content, contentType: "markdown" });
  }
  const cw = sandboxes.chatwoot.url;
  const creds = (await (await fetch(`${cw}/_sim/credentials`)).json()) as CwCredentials;
  const connections = await deps.database.pool.query<{ id: string }>(
    "select id from connections where workspace_id = $1 and platform = 'chatwoot' and deleted_at is null order by id limit 1",
    [workspaceId],
  );
  const connectionId = connections.rows[0]?.id ?? null;
  const settings = inboxSettingsSchema.parse({
    enabled: true,
    channel: "chatwoot",
    connectionId,
    externalInboxId: String(DEMO_BOT_CHATWOOT_INBOX),
    threshold: 0.5,
    greeting: "",
    provider: "openai",
  });
  await saveInbox(deps.database.db, deps.secretKey, workspaceId, DEMO_BOT_INBOX_ID, settings, {
    botAccessToken: creds.agentBot.accessToken,
    botSecret: creds.agentBot.secret,
  });
  const headers = { api_access_token: creds.admin.accessToken, "content-type": "application/json" };
  const account = `${cw}/api/v1/accounts/${creds.accountId}`;
  const outgoingUrl = `${hubUrl.replace(/\/+$/, "")}/webhooks/bot/${workspaceId}/${DEMO_BOT_INBOX_ID}`;
  await fetch(`${account}/agent_bots/${creds.agentBot.id}`, {
    method: "PATCH",
    headers,
    body: JSON.stringify({ outgoing_url: outgoingUrl }),
  });
  await fetch(`${account}/inboxes/${DEMO_BOT_CHATWOOT_INBOX}/set_agent_bot`, {
    method: "POST",
    headers,
    body: JSON.stringify({ agent_bot: creds.agentBot.id }),
  });
  deps.log.info({ inbox: DEMO_BOT_INBOX_ID, outgoingUrl }, "sandbox agent bot wired to the Chatwoot API inbox");
  // The Chatwoot bot works without it: a LiveChat sandbox refusing is logged, never a failed start.
  await wireSandboxLivechatBot(deps, workspaceId, sandboxes.livechat.url, hubUrl).catch((error: unknown) =>
    deps.log.warn({ err: error }, "sandbox LiveChat bot not wired"),
  );
}
