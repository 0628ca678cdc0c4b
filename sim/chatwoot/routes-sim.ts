import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { changeStatus } from "./actions-conversations.ts";
import { createMessage } from "./actions-messages.ts";
import type { SimContext } from "./context.ts";
import { AVAILABILITIES, type User } from "./model.ts";
import { agentJson } from "./present-rest.ts";
import { startConversation } from "./scenario.ts";
import { effectiveStatus } from "./state.ts";

const conversationSchema = z.object({
  inboxId: z.number().int(),
  contact: z
    .object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() })
    .default({}),
  assigneeId: z.number().int().nullable().optional(),
  text: z.string().min(1),
});
const messageSchema = z.object({
  text: z.string().min(1),
  from: z.enum(["contact", "agent"]),
  agentId: z.number().int().optional(),
  private: z.boolean().optional(),
});
const resolveSchema = z.object({ agentId: z.number().int().optional() }).default({});
const availabilitySchema = z.object({
  availability: z.enum(AVAILABILITIES),
  /** Whether the agent has a dashboard open (live presence); with auto_offline on, absent means offline. */
  present: z.boolean().optional(),
  autoOffline: z.boolean().optional(),
});

const badRequest = (reply: FastifyReply, error: z.ZodError) =>
  reply.code(400).send({ error: "invalid request", issues: error.issues });
const missing = (reply: FastifyReply, what: string) => reply.code(404).send({ error: `${what} not found` });

/**
 * Scenario actions: what a person on Chatwoot does (a visitor writes, an agent replies or resolves, an agent
 * changes availability), with the webhooks Chatwoot would send. Availability changes send none (doc §4).
 */
export function registerSimRoutes(app: FastifyInstance, ctx: SimContext, credentials: () => unknown): void {
  const { state } = ctx;
  const agentView = (u: User) => ({
    ...agentJson(state, u),
    availability: u.availability,
    present: u.present,
    accessToken: u.accessToken,
    openConversations: [...state.conversations.values()].filter((c) => c.assigneeId === u.id && c.status === "open")
      .length,
  });
  const findUser = (id: string): User | undefined =>
    state.users.get(Number(id)) ?? state.agents().find((u) => u.email === id.toLowerCase());

  app.get("/_sim/credentials", async () => credentials());

  app.get("/_sim/agents", async () => state.agents().map(agentView));

  app.post<{ Params: { id: string } }>("/_sim/agents/:id/availability", async (req, reply) => {
    const parsed = availabilitySchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const user = findUser(req.params.id);
    if (!user) return missing(reply, "agent");
    user.availability = parsed.data.availability;
    if (parsed.data.present !== undefined) user.present = parsed.data.present;
    if (parsed.data.autoOffline !== undefined) user.autoOffline = parsed.data.autoOffline;
    return { ...agentView(user), availability_status: effectiveStatus(user) };
  });

  app.get("/_sim/conversations", async () =>
    [...state.conversations.values()].map((c) => ({
      conversationId: c.id,
      inboxId: c.inboxId,
      contactId: c.contactId,
      status: c.status,
      assigneeId: c.assigneeId,
      labels: c.labels,
      messages: c.messages.length,
    })),
  );

  app.post("/_sim/conversations", async (req, reply) => {
    const parsed = conversationSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const inbox = state.inboxes.get(parsed.data.inboxId);
    if (!inbox) return missing(reply, "inbox");
    const { assigneeId } = parsed.data;
    const assignee = assigneeId == null ? null : state.users.get(assigneeId);
    if (assignee === undefined) return missing(reply, "assignee");
    return startConversation(ctx, { inbox, contact: parsed.data.contact, assignee, text: parsed.data.text });
  });

  app.post<{ Params: { id: string } }>("/_sim/conversations/:id/messages", async (req, reply) => {
    const parsed = messageSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const conv = state.conversations.get(Number(req.params.id));
    if (!conv) return missing(reply, "conversation");
    const { text, from, agentId } = parsed.data;
    if (from === "contact") {
      if (parsed.data.private) return reply.code(400).send({ error: "contacts cannot write private notes" });
      const message = createMessage(ctx, conv, {
        messageType: 0,
        content: text,
        sender: { type: "Contact", id: conv.contactId },
      });
      return { messageId: message.id, conversationId: conv.id, status: conv.status };
    }
    const agent = state.users.get(agentId ?? conv.assigneeId ?? -1);
    if (!agent) return reply.code(400).send({ error: "agentId is required when the conversation has no assignee" });
    const message = createMessage(ctx, conv, {
      messageType: 1,
      content: text,
      private: parsed.data.private ?? false,
      sender: { type: "User", id: agent.id },
    });
    return { messageId: message.id, conversationId: conv.id, status: conv.status };
  });

  app.post<{ Params: { id: string } }>("/_sim/conversations/:id/resolve", async (req, reply) => {
    const parsed = resolveSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const conv = state.conversations.get(Number(req.params.id));
    if (!conv) return missing(reply, "conversation");
    const agent = state.users.get(parsed.data.agentId ?? conv.assigneeId ?? -1);
    changeStatus(ctx, conv, "resolved", agent ? { name: agent.name } : { name: "System" });
    return { conversationId: conv.id, status: conv.status };
  });
}
