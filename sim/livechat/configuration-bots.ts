import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ActionHandler, ActionTable } from "./actions.ts";
import { DEFAULT_MAX_CHATS_COUNT } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import type { AgentRecord } from "./state.ts";

/** Bot tokens are "valid for 24 hours" (Configuration API `issue_bot_token`). */
export const BOT_TOKEN_TTL_MS = 24 * 3600 * 1000;

const createBotSchema = z.object({
  name: z.string().min(1).max(100),
  avatar: z.string().optional(),
  max_chats_count: z.number().int().min(0).max(500).optional(),
  default_group_priority: z.string().optional(),
  job_title: z.string().optional(),
  groups: z.array(z.object({ id: z.number().int().nonnegative(), priority: z.string().optional() })).optional(),
  type: z.string().optional(),
  work_scheduler: z.record(z.string(), z.unknown()).optional(),
  owner_client_id: z.string().min(1).optional(),
});
const idSchema = z.object({ id: z.string().min(1) });
const issueTokenSchema = z.object({
  bot_id: z.string().min(1),
  client_id: z.string().min(1),
  bot_secret: z.string().min(1),
  organization_id: z.string().min(1),
});

const hex32 = () => randomBytes(16).toString("hex");

function renderBot(bot: AgentRecord): Record<string, unknown> {
  return {
    id: bot.id,
    name: bot.name,
    avatar_path: bot.avatarPath,
    default_group_priority: "normal",
    owner_client_id: bot.bot?.ownerClientId,
    max_chats_count: bot.maxChatsCount,
    groups: bot.groupIds.map((id) => ({ id, priority: "normal" })),
  };
}

/**
 * `issue_bot_token` needs no authorization: the bot's secret is the credential. The token is a Bearer token for
 * the Agent Chat Web API acting as the bot (scopes `chats--access:rw`, `agents-bot--my:rw`, `customers:rw`).
 */
export function issueBotToken(deps: LivechatDeps): ActionHandler {
  return ({ body }) => {
    const input = parseBody(issueTokenSchema, body);
    const bot = deps.state.agents.get(input.bot_id);
    if (!bot?.bot) throw lcError("not_found", "Bot not found");
    if (input.organization_id !== deps.credentials.organizationId) throw lcError("validation", "Wrong organization_id");
    if (input.client_id !== bot.bot.ownerClientId || input.bot_secret !== bot.bot.secret) {
      throw lcError("authentication", "Invalid bot credentials");
    }
    const token = `bot.${hex32()}${hex32()}`;
    deps.state.botTokens.set(token, { botId: bot.id, expiresAtMs: Date.now() + BOT_TOKEN_TTL_MS });
    return { token };
  };
}

/** Looks a Bearer token up as a bot token (auth). */
export function botTokenLookup(deps: LivechatDeps) {
  return (token: string): { botId: string; clientId: string } | undefined => {
    const entry = deps.state.botTokens.get(token);
    const bot = entry ? deps.state.agents.get(entry.botId) : undefined;
    if (!entry || !bot?.bot || entry.expiresAtMs <= Date.now()) return undefined;
    return { botId: bot.id, clientId: bot.bot.ownerClientId };
  };
}

/** Configuration API: bot agents. A bot is an agent of the license (routing, chats) with a secret and an owner. */
export function configurationBotActions(deps: LivechatDeps): ActionTable {
  const findBot = (id: string) => {
    const bot = deps.state.agents.get(id);
    if (!bot?.bot) throw lcError("not_found", "Bot not found");
    return bot;
  };
  return {
    create_bot: {
      run: ({ body, requester }) => {
        const input = parseBody(createBotSchema, body);
        // Required with a PAT; an OAuth or bot token's own Client ID otherwise.
        const owner = input.owner_client_id ?? (requester.via === "pat" ? null : requester.clientId);
        if (!owner) throw lcError("validation", "`owner_client_id` is required");
        if (!deps.clientIds.includes(owner)) {
          throw lcError("validation", "`owner_client_id` must be a Client ID owned by your organization");
        }
        const id = hex32();
        const secret = hex32();
        deps.state.agents.set(id, {
          id,
          accountId: id,
          name: input.name,
          role: "normal",
          groupIds: (input.groups ?? [{ id: 0 }]).map((g) => g.id),
          // The bot-webhooks article: create_bot → register_webhook → set_routing_status; a new bot is offline.
          routingStatus: "offline",
          loginStatus: "not accepting chats",
          maxChatsCount: input.max_chats_count ?? DEFAULT_MAX_CHATS_COUNT,
          jobTitle: input.job_title ?? "Bot",
          avatarPath: input.avatar ?? "",
          bot: { secret, ownerClientId: owner },
        });
        return { id, secret };
      },
    },
    list_bots: {
      run: () => [...deps.state.agents.values()].filter((a) => a.bot).map(renderBot),
    },
    get_bot: { run: ({ body }) => renderBot(findBot(parseBody(idSchema, body).id)) },
    delete_bot: {
      run: ({ body }) => {
        const bot = findBot(parseBody(idSchema, body).id);
        deps.state.agents.delete(bot.id);
        for (const [token, entry] of deps.state.botTokens)
          if (entry.botId === bot.id) deps.state.botTokens.delete(token);
        return {};
      },
    },
  };
}
