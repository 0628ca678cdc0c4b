import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  assignAgent,
  assignBot,
  changeStatus,
  publishTyping,
  setCustomAttributes,
  setLabels,
  setPriority,
} from "./actions-conversations.ts";
import { authenticate } from "./auth.ts";
import { actorName, actorSender, type SimContext } from "./context.ts";
import { invalidEnum, unprocessable } from "./errors.ts";
import { isoOrNull } from "./json.ts";
import { jsonObject, parseBody, priorityOf, railsBool, railsId, statusOf, unwrap } from "./params.ts";
import { senderWebhookData } from "./present-events.ts";
import { agentBotJson, agentJson, conversationJson } from "./present-rest.ts";
import { findConversation } from "./routes-conversation-list.ts";

const toggleStatusSchema = z.object({
  status: z.unknown().optional(),
  snoozed_until: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number), z.null()]).optional(),
});
const prioritySchema = z.object({ priority: z.unknown().optional() });
const typingSchema = z.object({ typing_status: z.string().optional(), is_private: railsBool.optional() });
const customAttributesSchema = z.object({ custom_attributes: jsonObject });
const assignmentSchema = z.object({
  assignee_id: z.union([railsId, z.null()]).optional(),
  assignee_type: z.string().optional(),
  team_id: z.union([railsId, z.null()]).optional(),
});
const labelsSchema = z.object({ labels: z.array(z.union([z.string(), z.number().transform(String)])) });

/** Rails `head :ok`: 200 with an empty body. */
const headOk = (reply: FastifyReply) => reply.code(200).send("");
/** `render json: nil`. */
const jsonNull = (reply: FastifyReply) => reply.code(200).type("application/json; charset=utf-8").send("null");

/** Conversation show and the actions agents and bots take on one (doc §3.3–§3.5, §4.4, §5.2). */
export function registerConversationRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const base = "/api/v1/accounts/:accountId/conversations/:conversationId";

  app.get(base, async (req) => {
    const actor = authenticate(ctx, req, "conversations#show");
    return conversationJson({ state, live: true }, findConversation(ctx, actor, req));
  });

  const update = async (req: FastifyRequest) => {
    const actor = authenticate(ctx, req, "conversations#update");
    const conv = findConversation(ctx, actor, req);
    const body = parseBody(prioritySchema, unwrap(req.body, "conversation"));
    if (body.priority !== undefined) setPriority(ctx, conv, priorityOf(body.priority));
    return conversationJson({ state, live: true }, conv);
  };
  app.patch(base, update);
  app.put(base, update);

  app.post(`${base}/toggle_status`, async (req) => {
    const actor = authenticate(ctx, req, "conversations#toggle_status");
    const conv = findConversation(ctx, actor, req);
    const body = parseBody(toggleStatusSchema, req.body);
    const performer = { name: actorName(actor) };
    let success: boolean | null = true;
    if (body.status === undefined || body.status === null || body.status === "") {
      // Without a status Chatwoot toggles: open ↔ resolved, pending and snoozed become open (doc §5.2).
      changeStatus(ctx, conv, conv.status === "open" ? "resolved" : "open", performer);
    } else {
      const next = statusOf(body.status);
      if (actor.kind === "bot" && conv.status === "pending" && next === "open") {
        // `bot_handoff!`: `@status` is never assigned on this branch, so `success` is null (doc §3.4).
        changeStatus(ctx, conv, "open", performer, { botHandoff: true });
        success = null;
      } else {
        if (next === "open" && actor.kind === "user" && actor.user.role === "agent" && conv.assigneeId === null) {
          assignAgent(ctx, conv, actor.user, performer);
        }
        const snoozedUntil = typeof body.snoozed_until === "number" ? body.snoozed_until * 1000 : null;
        changeStatus(ctx, conv, next, performer, { snoozedUntil });
      }
    }
    return {
      meta: {},
      payload: {
        success,
        conversation_id: conv.id,
        current_status: conv.status,
        snoozed_until: isoOrNull(conv.snoozedUntil),
      },
    };
  });

  app.post(`${base}/toggle_priority`, async (req, reply) => {
    const actor = authenticate(ctx, req, "conversations#toggle_priority");
    const conv = findConversation(ctx, actor, req);
    setPriority(ctx, conv, priorityOf(parseBody(prioritySchema, req.body).priority));
    return headOk(reply);
  });

  app.post(`${base}/toggle_typing_status`, async (req, reply) => {
    const actor = authenticate(ctx, req, "conversations#toggle_typing_status");
    const conv = findConversation(ctx, actor, req);
    const body = parseBody(typingSchema, req.body);
    const typing = body.typing_status ?? "off";
    if (!["on", "off", "recording"].includes(typing)) throw invalidEnum(typing, "typing_status");
    const user = senderWebhookData(state, actorSender(actor));
    publishTyping(ctx, conv, typing !== "off", user, body.is_private ?? false);
    return headOk(reply);
  });

  app.post(`${base}/custom_attributes`, async (req) => {
    const actor = authenticate(ctx, req, "conversations#custom_attributes");
    const conv = findConversation(ctx, actor, req);
    setCustomAttributes(ctx, conv, parseBody(customAttributesSchema, req.body).custom_attributes);
    return { custom_attributes: conv.customAttributes };
  });

  app.post(`${base}/assignments`, async (req, reply) => {
    const actor = authenticate(ctx, req, "conversations/assignments#create");
    const conv = findConversation(ctx, actor, req);
    const body = parseBody(assignmentSchema, req.body);
    const performer = { name: actorName(actor) };
    if (body.assignee_type === "AgentBot") {
      const bot = body.assignee_id == null ? undefined : state.bots.get(body.assignee_id);
      if (!bot) return jsonNull(reply);
      assignBot(ctx, conv, bot.id);
      return agentBotJson(state, bot, false);
    }
    if (body.assignee_id !== undefined) {
      // An unknown id unassigns and renders null, as `users.find_by` does in Chatwoot.
      const user = body.assignee_id === null ? undefined : state.users.get(body.assignee_id);
      assignAgent(ctx, conv, user ?? null, performer);
      return user ? agentJson(state, user) : jsonNull(reply);
    }
    // The sandbox has no teams: `teams.find_by` is nil, so the team is cleared and null rendered.
    return jsonNull(reply);
  });

  app.get(`${base}/labels`, async (req) => {
    const actor = authenticate(ctx, req, "conversations/labels#index");
    return { payload: findConversation(ctx, actor, req).labels };
  });

  app.post(`${base}/labels`, async (req) => {
    const actor = authenticate(ctx, req, "conversations/labels#create");
    const conv = findConversation(ctx, actor, req);
    const parsed = labelsSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw unprocessable("param is missing or the value is empty: labels");
    setLabels(ctx, conv, parsed.data.labels);
    return { payload: conv.labels };
  });
}
