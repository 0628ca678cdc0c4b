import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { authenticateUser } from "./auth.ts";
import type { SimContext } from "./context.ts";
import { notFound, recordInvalid } from "./errors.ts";
import type { Inbox, User } from "./model.ts";
import { parseBody, pathId, railsBool, railsId, railsString, unwrap } from "./params.ts";
import { agentBotJson, inboxJson } from "./present-rest.ts";
import { secureToken } from "./state.ts";

const inboxUpdateSchema = z.object({
  name: railsString.optional(),
  enable_auto_assignment: railsBool.optional(),
  channel: z
    .object({ webhook_url: z.union([z.string(), z.null()]).optional() })
    .loose()
    .optional(),
});
const setBotSchema = z.object({ agent_bot: z.union([railsId, z.null()]) });
const botUpdateSchema = z.object({
  name: railsString.optional(),
  description: z.union([railsString, z.null()]).optional(),
  outgoing_url: z.union([z.string(), z.null()]).optional(),
});

const isAdmin = (u: User) => u.role === "administrator";

/** Inboxes and agent bots: what an integration reads (secrets for admins) and how a bot is wired (doc §3.1, §6). */
export function registerInboxRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const inboxes = "/api/v1/accounts/:accountId/inboxes";
  const bots = "/api/v1/accounts/:accountId/agent_bots";
  const findInbox = (req: FastifyRequest, user: User): Inbox => {
    const inbox = state.inboxes.get(pathId(req.params, "id"));
    if (!inbox || (!isAdmin(user) && !inbox.memberIds.includes(user.id))) throw notFound();
    return inbox;
  };
  const findBot = (req: FastifyRequest) => {
    const bot = state.bots.get(pathId(req.params, "id"));
    if (!bot) throw notFound();
    return bot;
  };

  app.get(inboxes, async (req) => {
    const user = authenticateUser(ctx, req, "inboxes#index");
    const visible = [...state.inboxes.values()].filter((i) => isAdmin(user) || i.memberIds.includes(user.id));
    return { payload: visible.map((i) => inboxJson(i, isAdmin(user))) };
  });

  app.get(`${inboxes}/:id`, async (req) => {
    const user = authenticateUser(ctx, req, "inboxes#show");
    return inboxJson(findInbox(req, user), isAdmin(user));
  });

  app.patch(`${inboxes}/:id`, async (req) => {
    const user = authenticateUser(ctx, req, "inboxes#update", true);
    const inbox = findInbox(req, user);
    const body = parseBody(inboxUpdateSchema, unwrap(req.body, "inbox"));
    const webhookUrl = body.channel?.webhook_url;
    if (webhookUrl && !/^https?:\/\//i.test(webhookUrl)) {
      throw recordInvalid([{ attribute: "webhook_url", message: "is invalid" }]);
    }
    if (body.name !== undefined) inbox.name = body.name;
    if (body.enable_auto_assignment !== undefined) inbox.enableAutoAssignment = body.enable_auto_assignment;
    if (webhookUrl !== undefined && inbox.channelType === "Channel::Api") inbox.webhookUrl = webhookUrl || null;
    return inboxJson(inbox, true);
  });

  app.post(`${inboxes}/:id/reset_secret`, async (req) => {
    const user = authenticateUser(ctx, req, "inboxes#reset_secret", true);
    const inbox = findInbox(req, user);
    if (inbox.channelType !== "Channel::Api") throw notFound();
    inbox.secret = secureToken();
    return inboxJson(inbox, true);
  });

  app.post(`${inboxes}/:id/set_agent_bot`, async (req, reply) => {
    const user = authenticateUser(ctx, req, "inboxes#set_agent_bot", true);
    const inbox = findInbox(req, user);
    const { agent_bot } = parseBody(setBotSchema, req.body);
    if (agent_bot !== null && !state.bots.has(agent_bot)) throw notFound();
    inbox.agentBotId = agent_bot;
    return reply.code(200).send("");
  });

  app.get(`${inboxes}/:id/agent_bot`, async (req) => {
    const user = authenticateUser(ctx, req, "inboxes#agent_bot");
    const bot = findInbox(req, user).agentBotId;
    const found = bot === null ? undefined : state.bots.get(bot);
    return { agent_bot: found ? agentBotJson(state, found, isAdmin(user)) : null };
  });

  app.get(bots, async (req) => {
    const user = authenticateUser(ctx, req, "agent_bots#index");
    return [...state.bots.values()].map((b) => agentBotJson(state, b, isAdmin(user)));
  });

  app.get(`${bots}/:id`, async (req) => {
    const user = authenticateUser(ctx, req, "agent_bots#show");
    return agentBotJson(state, findBot(req), isAdmin(user));
  });

  app.patch(`${bots}/:id`, async (req) => {
    authenticateUser(ctx, req, "agent_bots#update", true);
    const bot = findBot(req);
    const body = parseBody(botUpdateSchema, unwrap(req.body, "agent_bot"));
    if (body.outgoing_url && !/^https?:\/\//i.test(body.outgoing_url)) {
      throw recordInvalid([{ attribute: "outgoing_url", message: "is invalid" }]);
    }
    if (body.name !== undefined) bot.name = body.name;
    if (body.description !== undefined) bot.description = body.description ?? "";
    if (body.outgoing_url !== undefined) bot.outgoingUrl = body.outgoing_url || null;
    return agentBotJson(state, bot, true);
  });

  app.post(`${bots}/:id/reset_secret`, async (req) => {
    authenticateUser(ctx, req, "agent_bots#reset_secret", true);
    const bot = findBot(req);
    bot.secret = secureToken();
    return agentBotJson(state, bot, true);
  });

  app.post(`${bots}/:id/reset_access_token`, async (req) => {
    authenticateUser(ctx, req, "agent_bots#reset_access_token", true);
    const bot = findBot(req);
    bot.accessToken = secureToken();
    return agentBotJson(state, bot, true);
  });
}
