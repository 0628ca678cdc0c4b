import type { Requester } from "./auth.ts";
import type { ChatOps } from "./chat-ops.ts";
import type { LivechatCredentials } from "./constants.ts";
import { lcError } from "./errors.ts";
import type { PeopleOps } from "./people-ops.ts";
import type { ChatRecord, ChatUserRecord, LivechatState } from "./state.ts";
import type { WebhookDispatcher } from "./webhook-dispatch.ts";
import type { WebhookSource } from "./webhook-filters.ts";

/** What the action handlers share. */
export type LivechatDeps = {
  state: LivechatState;
  chats: ChatOps;
  people: PeopleOps;
  dispatcher: WebhookDispatcher;
  credentials: LivechatCredentials;
  /** Client IDs "owned by the organization" (allowed as `owner_client_id`). */
  clientIds: string[];
  configPropagationMs: number;
};

/** API calls are attributed to the requester's application for `source_type` filters. */
export function sourceOf(requester: Requester): WebhookSource {
  return { kind: "client", clientId: requester.clientId };
}

export function findChat(deps: LivechatDeps, chatId: string): ChatRecord {
  const chat = deps.state.chats.get(chatId);
  if (!chat) throw lcError("not_found", "Chat not found");
  return chat;
}

/**
 * The docs require the requester to be on the chat's user list for `send_event`, `add_user_to_chat`,
 * `remove_user_from_chat` and `deactivate_chat`, but name no error type (UNCONFIRMED): `missing_access` is the
 * catalogue entry that fits ("The requester doesn't have access to a given resource").
 */
export function requireChatUser(chat: ChatRecord, requester: Requester): ChatUserRecord {
  const user = chat.users.find((u) => u.id === requester.agentId && u.present);
  if (!user) throw lcError("missing_access", "Requester is not a user of this chat");
  return user;
}
