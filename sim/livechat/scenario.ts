import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { AGENT_APP_CLIENT_ID, WIDGET_CLIENT_ID } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import type { AgentRecord, ChatRecord, CustomerRecord } from "./state.ts";
import type { WebhookSource } from "./webhook-filters.ts";

/** Scenario actions act as people on the platform would: a visitor starting a chat, an agent clicking "away". */
const WIDGET: WebhookSource = { kind: "client", clientId: WIDGET_CLIENT_ID };
const AGENT_APP: WebhookSource = { kind: "client", clientId: AGENT_APP_CLIENT_ID };
const ROUTER: WebhookSource = { kind: "system" };

const startChatSchema = z.object({
  agentId: z.string().min(1).optional(),
  customer: z
    .object({
      id: z.string().min(1).optional(),
      name: z.string().optional(),
      email: z.email().optional(),
      phone: z.string().optional(),
    })
    .default({}),
  message: z.string().min(1).optional(),
  groupId: z.number().int().nonnegative().optional(),
  /** Assign even when the agent is not accepting chats or is at capacity (a supervisor's manual assignment). */
  force: z.boolean().default(false),
});
const messageSchema = z.object({
  /** A chat user's id, or `"customer"` for the chat's customer. */
  authorId: z.string().min(1),
  text: z.string().min(1),
  visibility: z.enum(["all", "agents"]).default("all"),
});
const closeSchema = z.object({ userId: z.string().min(1).optional(), byRouter: z.boolean().default(false) });
const routingSchema = z.object({
  // `offline` stands for the agent logging out; whether LiveChat emits it for people is UNCONFIRMED.
  status: z.enum(["accepting_chats", "not_accepting_chats", "offline"]),
  source: z.enum(["agent_app", "system"]).default("agent_app"),
});

function conflict(reply: FastifyReply, type: string, message: string) {
  return reply.code(409).send({ error: { type, message } });
}

function findAgent(deps: LivechatDeps, id: string): AgentRecord {
  const agent = deps.state.agents.get(id);
  if (!agent) throw lcError("not_found", `Agent ${id} not found`);
  return agent;
}

function findChat(deps: LivechatDeps, id: string): ChatRecord {
  const chat = deps.state.chats.get(id);
  if (!chat) throw lcError("not_found", `Chat ${id} not found`);
  return chat;
}

function hasCapacity(deps: LivechatDeps, agent: AgentRecord): boolean {
  return agent.routingStatus === "accepting_chats" && deps.state.activeChatIdsOf(agent.id).length < agent.maxChatsCount;
}

/** LiveChat's router, simplified: the accepting agent with the fewest active chats (in the group, if given). */
function route(deps: LivechatDeps, groupId: number | undefined): AgentRecord | undefined {
  const candidates = [...deps.state.agents.values()]
    .filter((a) => groupId === undefined || a.groupIds.includes(groupId))
    .filter((a) => hasCapacity(deps, a));
  candidates.sort((a, b) => deps.state.activeChatIdsOf(a.id).length - deps.state.activeChatIdsOf(b.id).length);
  return candidates[0];
}

export function registerScenarioRoutes(app: FastifyInstance, deps: LivechatDeps): void {
  app.get("/_sim/agents", async () =>
    [...deps.state.agents.values()].map((agent) => ({
      id: agent.id,
      name: agent.name,
      email: agent.id,
      groupIds: agent.groupIds,
      routingStatus: agent.routingStatus,
      activeChatIds: deps.state.activeChatIdsOf(agent.id),
    })),
  );

  app.post("/_sim/agents/:agentId/routing-status", async (req) => {
    const agent = findAgent(deps, (req.params as { agentId: string }).agentId);
    const input = parseBody(routingSchema, req.body);
    deps.people.setRoutingStatus(agent, input.status, input.source === "system" ? ROUTER : AGENT_APP);
    return { agentId: agent.id, status: agent.routingStatus };
  });

  app.post("/_sim/chats", async (req, reply) => {
    const input = parseBody(startChatSchema, req.body);
    let agent: AgentRecord | undefined;
    if (input.agentId !== undefined) {
      agent = findAgent(deps, input.agentId);
      if (!input.force && !hasCapacity(deps, agent)) {
        return conflict(reply, "agent_unavailable", `${agent.id} is not accepting chats or is at capacity`);
      }
    } else {
      agent = route(deps, input.groupId);
      if (!agent) return conflict(reply, "no_agent_available", "No agent is accepting chats");
    }
    let customer: CustomerRecord;
    if (input.customer.id !== undefined) {
      const known = deps.state.customers.get(input.customer.id);
      if (!known) throw lcError("not_found", `Customer ${input.customer.id} not found`);
      customer = known;
    } else {
      const { name, email, phone } = input.customer;
      customer = deps.people.createCustomer(
        { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(phone ? { phoneNumber: phone } : {}) },
        WIDGET,
      );
    }
    const active = customer.chatIds.some((id) => {
      const chat = deps.state.chats.get(id);
      return chat !== undefined && deps.state.activeThread(chat) !== undefined;
    });
    if (active) return conflict(reply, "chat_active", `Customer ${customer.id} already has an active chat`);
    const { chat, thread } = deps.chats.startThread({
      customer,
      agent,
      ...(input.message !== undefined ? { message: input.message } : {}),
      groupIds: [input.groupId ?? 0],
      source: WIDGET,
    });
    return { chatId: chat.id, threadId: thread.id, customerId: customer.id, agentId: agent.id };
  });

  app.post("/_sim/chats/:chatId/messages", async (req) => {
    const chat = findChat(deps, (req.params as { chatId: string }).chatId);
    const input = parseBody(messageSchema, req.body);
    const authorId = input.authorId === "customer" ? chat.customerId : input.authorId;
    const author = chat.users.find((u) => u.id === authorId && u.present);
    if (!author) throw lcError("validation", `${authorId} is not a user of chat ${chat.id}`);
    const event = deps.chats.appendEvent(
      chat,
      { authorId, type: "message", visibility: input.visibility, fields: { text: input.text } },
      author.type === "customer" ? WIDGET : AGENT_APP,
    );
    return { eventId: event.id, threadId: deps.state.lastThread(chat)?.id };
  });

  app.post("/_sim/chats/:chatId/close", async (req) => {
    const chat = findChat(deps, (req.params as { chatId: string }).chatId);
    const input = parseBody(closeSchema, req.body);
    let userId: string | undefined;
    if (!input.byRouter) {
      userId = input.userId ?? chat.users.find((u) => u.type === "agent" && u.present)?.id ?? chat.customerId;
      if (!chat.users.some((u) => u.id === userId))
        throw lcError("validation", `${userId} is not a user of chat ${chat.id}`);
    }
    const byCustomer = userId === chat.customerId;
    const thread = deps.chats.deactivate(chat, userId, input.byRouter ? ROUTER : byCustomer ? WIDGET : AGENT_APP);
    return { chatId: chat.id, threadId: thread.id };
  });

  app.get("/_sim/chats", async () =>
    [...deps.state.chats.values()].map((chat) => ({
      id: chat.id,
      customerId: chat.customerId,
      active: deps.state.activeThread(chat) !== undefined,
      threadIds: chat.threads.map((t) => t.id),
      userIds: chat.users.filter((u) => u.present).map((u) => u.id),
      events: chat.threads.reduce((n, t) => n + t.events.length, 0),
    })),
  );

  app.get("/_sim/webhooks", async () =>
    deps.state.webhooks.map((w) => ({
      ...w,
      licenseWebhooksEnabled: deps.dispatcher.licenseWebhooksEnabled(w.ownerClientId),
    })),
  );
}
