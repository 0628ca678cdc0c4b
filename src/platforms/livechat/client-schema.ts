import { z } from "zod";
import type { ChatMessage, CustomerRef } from "../../domain/events.ts";
import { customerSchema, threadSchema, userSchema } from "./event-schema.ts";
import { customerRefOf, isHumanAgent, prechatAnswers, toChatMessage } from "./map-helpers.ts";
import type { RoutingStatus } from "./webhook-schema.ts";
import { routingStatusSchema } from "./webhook-schema.ts";

/**
 * Success bodies of the Agent Chat and Configuration API methods we call (examples in
 * shared/specs/livechat/examples/*-api/v3.{5,6}/methods), parsed and reduced to what callers use, so that
 * nothing past platforms/ handles LiveChat's own shapes.
 */

/** Methods documented as "no response payload": `{}`, an empty body, or anything else is a success. */
export const emptySchema = z.unknown().transform((): undefined => undefined);
export const botTokenSchema = z.looseObject({ token: z.string().min(1) }).transform((b) => ({ token: b.token }));

export type RoutingStatusEntry = { agentId: string; status: RoutingStatus };
export const routingStatusesSchema = z
  .array(z.looseObject({ agent_id: z.string().min(1), status: routingStatusSchema }))
  .transform((rows): RoutingStatusEntry[] => rows.map((row) => ({ agentId: row.agent_id, status: row.status })));

export const sendEventSchema = z
  .looseObject({ event_id: z.string().min(1) })
  .transform((body) => ({ eventId: body.event_id }));

export type ChatSnapshot = {
  chatId: string;
  threadId?: string;
  active: boolean;
  agentIds: string[];
  customer: CustomerRef;
  messages: ChatMessage[];
};

export const getChatSchema = z
  .looseObject({ id: z.string().min(1), users: z.array(userSchema).default([]), thread: threadSchema.optional() })
  .transform((chat): ChatSnapshot => {
    const events = chat.thread?.events ?? [];
    const fallbackAt = chat.thread?.created_at ?? new Date(0).toISOString();
    return {
      chatId: chat.id,
      ...(chat.thread ? { threadId: chat.thread.id } : {}),
      active: chat.thread?.active === true,
      agentIds: chat.users.filter((user) => isHumanAgent(user) && user.present !== false).map((user) => user.id),
      customer: customerRefOf(
        chat.users.find((user) => user.type === "customer"),
        prechatAnswers(events),
      ),
      messages: events.flatMap((event) => toChatMessage(event, chat.users, fallbackAt) ?? []),
    };
  });

export type ChatSummary = {
  chatId: string;
  threadId?: string;
  active: boolean;
  agentIds: string[];
  customerId?: string;
};
export type ChatPage = { chats: ChatSummary[]; foundChats?: number; nextPageId?: string; previousPageId?: string };

const chatSummarySchema = z.looseObject({
  id: z.string().min(1),
  users: z.array(userSchema).default([]),
  last_thread_summary: z
    .looseObject({ id: z.string().min(1), active: z.boolean().optional(), user_ids: z.array(z.string()).optional() })
    .optional(),
});

export const listChatsSchema = z
  .looseObject({
    chats_summary: z.array(chatSummarySchema),
    found_chats: z.number().optional(),
    next_page_id: z.string().nullish(),
    previous_page_id: z.string().nullish(),
  })
  .transform((page): ChatPage => {
    const chats = page.chats_summary.map((chat): ChatSummary => {
      const thread = chat.last_thread_summary;
      const customerId = chat.users.find((user) => user.type === "customer")?.id;
      return {
        chatId: chat.id,
        ...(thread ? { threadId: thread.id } : {}),
        active: thread?.active === true,
        agentIds: chat.users.filter((user) => isHumanAgent(user) && user.present !== false).map((user) => user.id),
        ...(customerId ? { customerId } : {}),
      };
    });
    return {
      chats,
      ...(page.found_chats !== undefined ? { foundChats: page.found_chats } : {}),
      ...(page.next_page_id ? { nextPageId: page.next_page_id } : {}),
      ...(page.previous_page_id ? { previousPageId: page.previous_page_id } : {}),
    };
  });

export type CustomerRecord = { customer: CustomerRef; chatIds: string[] };
export const getCustomerSchema = customerSchema
  .extend({ chat_ids: z.array(z.string()).optional() })
  .transform((customer): CustomerRecord => ({ customer: customerRefOf(customer), chatIds: customer.chat_ids ?? [] }));

export type AgentRecord = { id: string; name?: string; accountId?: string; role?: string; loginStatus?: RoutingStatus };
export const listAgentsSchema = z
  .array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().nullish(),
      account_id: z.string().nullish(),
      role: z.string().nullish(),
      // The default status after login, spelled with a space ("accepting chats"): normalised, and tolerated
      // when unrecognised because it is informative only.
      login_status: routingStatusSchema.optional().catch(undefined),
    }),
  )
  .transform((agents) =>
    agents.map(
      (agent): AgentRecord => ({
        id: agent.id,
        ...(agent.name ? { name: agent.name } : {}),
        ...(agent.account_id ? { accountId: agent.account_id } : {}),
        ...(agent.role ? { role: agent.role } : {}),
        ...(agent.login_status ? { loginStatus: agent.login_status } : {}),
      }),
    ),
  );

export const registerWebhookSchema = z.looseObject({ id: z.string().min(1) }).transform((body) => ({ id: body.id }));

export type WebhookRecord = { id: string; url: string; action: string; type?: string; description?: string };
export const listWebhooksSchema = z
  .array(
    z.looseObject({
      id: z.string().min(1),
      url: z.string(),
      action: z.string(),
      type: z.string().optional(),
      description: z.string().nullish(),
    }),
  )
  .transform((hooks) =>
    hooks.map(
      (hook): WebhookRecord => ({
        id: hook.id,
        url: hook.url,
        action: hook.action,
        ...(hook.type ? { type: hook.type } : {}),
        ...(hook.description ? { description: hook.description } : {}),
      }),
    ),
  );

export const licenseWebhooksStateSchema = z
  .looseObject({ license_webhooks_enabled: z.boolean() })
  .transform((body) => ({ enabled: body.license_webhooks_enabled }));
