import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import { MAX_MESSAGE_TEXT_BYTES } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { findChat, requireChatUser, sourceOf } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";

const visibility = z.enum(["all", "agents"]);
const common = {
  visibility: visibility.optional(),
  custom_id: z.string().optional(),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
};

/** Event objects an agent can send (data-structures doc); `system` events are read-only. */
const eventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    text: z
      .string()
      .min(1)
      .refine((t) => Buffer.byteLength(t) <= MAX_MESSAGE_TEXT_BYTES, "text exceeds 16 KB"),
    postback: z.record(z.string(), z.unknown()).optional(),
    ...common,
  }),
  // Applications may define their own `system_message_type` values.
  z.object({
    type: z.literal("system_message"),
    system_message_type: z.string().min(1),
    text: z.string().optional(),
    text_vars: z.record(z.string(), z.string()).optional(),
    ...common,
  }),
  z.looseObject({ type: z.literal("file"), url: z.url(), ...common }),
  z.looseObject({ type: z.literal("rich_message"), template_id: z.string().min(1), ...common }),
  z.looseObject({ type: z.literal("custom"), content: z.record(z.string(), z.unknown()).optional(), ...common }),
]);

const sendEventSchema = z.object({
  chat_id: z.string().min(1),
  event: eventSchema,
  attach_to_last_thread: z.boolean().optional(),
});

const addUserSchema = z.object({
  chat_id: z.string().min(1),
  user_id: z.string().min(1),
  user_type: z.enum(["agent", "customer"]),
  visibility,
  ignore_requester_presence: z.boolean().optional(),
});

const removeUserSchema = z.object({
  chat_id: z.string().min(1),
  user_id: z.string().min(1),
  user_type: z.enum(["agent", "customer"]),
  ignore_requester_presence: z.boolean().optional(),
});

/** Agent Chat API: events and chat membership. */
export function agentEventActions(deps: LivechatDeps): ActionTable {
  return {
    send_event: {
      run: ({ body, requester }) => {
        const input = parseBody(sendEventSchema, body);
        const chat = findChat(deps, input.chat_id);
        const author = requireChatUser(chat, requester);
        const { type, visibility: eventVisibility, ...fields } = input.event;
        const shown = eventVisibility ?? "all";
        if (author.visibility === "agents" && shown === "all") {
          throw lcError("validation", "Users with visibility `agents` can't send events with visibility `all`");
        }
        const event = deps.chats.appendEvent(
          chat,
          { authorId: requester.agentId, type, visibility: shown, fields },
          sourceOf(requester),
          input.attach_to_last_thread ?? false,
        );
        return { event_id: event.id };
      },
    },
    add_user_to_chat: {
      run: ({ body, requester }) => {
        const input = parseBody(addUserSchema, body);
        const chat = findChat(deps, input.chat_id);
        // Adding yourself needs no prior presence (otherwise nobody could ever join); UNCONFIRMED but plausible.
        const self = input.user_id === requester.agentId;
        if (!input.ignore_requester_presence && !self) requireChatUser(chat, requester);
        if (input.user_type === "agent" && !deps.state.agents.has(input.user_id)) {
          throw lcError("not_found", "Agent not found");
        }
        if (input.user_type === "customer" && input.user_id !== chat.customerId) {
          throw lcError("validation", "Only the chat's customer can be added as `customer`");
        }
        const existing = chat.users.find((u) => u.id === input.user_id);
        // Already there with the same visibility: nothing changes and no webhook fires.
        if (existing?.present && existing.visibility === input.visibility) return {};
        deps.chats.addUser(
          chat,
          { id: input.user_id, type: input.user_type, present: true, visibility: input.visibility },
          requester.agentId,
          sourceOf(requester),
        );
        return {};
      },
    },
    remove_user_from_chat: {
      run: ({ body, requester }) => {
        const input = parseBody(removeUserSchema, body);
        const chat = findChat(deps, input.chat_id);
        if (input.user_type === "customer") throw lcError("validation", "Can't remove the customer from a chat");
        if (!input.ignore_requester_presence) requireChatUser(chat, requester);
        const user = chat.users.find((u) => u.id === input.user_id && u.present);
        if (!user) throw lcError("not_found", "User not found in chat");
        deps.chats.removeUser(chat, user, requester.agentId, sourceOf(requester));
        return {};
      },
    },
  };
}
