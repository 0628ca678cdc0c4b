import { z } from "zod";
import type { ActionTable } from "./actions.ts";
import type { ApiVersion } from "./constants.ts";
import { MAX_LIST_CHATS_LIMIT } from "./constants.ts";
import type { LivechatDeps } from "./deps.ts";
import { findChat, requireChatUser, sourceOf } from "./deps.ts";
import { lcError, parseBody } from "./errors.ts";
import { decodePage, encodePage } from "./pagination.ts";
import type { ChatRecord } from "./state.ts";
import { renderChat, renderChatSummary } from "./views.ts";

const getChatSchema = z.object({ chat_id: z.string().min(1), thread_id: z.string().min(1).optional() });

const baseFilters = {
  group_ids: z.array(z.number().int().nonnegative()).max(200).optional(),
  include_chats_without_threads: z.boolean().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
};
// v3.6 renamed the `include_active` filter to `active`; each version rejects the other's name.
const filtersByVersion = {
  "3.5": z.object({ ...baseFilters, include_active: z.boolean().optional() }).strict(),
  "3.6": z.object({ ...baseFilters, active: z.boolean().optional() }).strict(),
};
const chatFiltersSchema = z.object({
  group_ids: z.array(z.number()).optional(),
  include_active: z.boolean().optional(),
  active: z.boolean().optional(),
});
type ChatFilters = z.infer<typeof chatFiltersSchema>;
const listQuerySchema = z.object({
  filters: chatFiltersSchema,
  limit: z.number().int().positive(),
  sortOrder: z.enum(["asc", "desc"]),
  offset: z.number().int().nonnegative(),
});
type ListQuery = z.infer<typeof listQuerySchema>;

function listChatsSchema(version: ApiVersion) {
  return z.union([
    z.object({ page_id: z.string().min(1) }).strict(),
    z
      .object({
        filters: filtersByVersion[version].optional(),
        limit: z.number().int().min(1).max(MAX_LIST_CHATS_LIMIT).optional(),
        sort_order: z.enum(["asc", "desc"]).optional(),
      })
      .strict(),
  ]);
}

const deactivateSchema = z.object({ id: z.string().min(1), ignore_requester_presence: z.boolean().optional() });

const propertiesSchema = z.record(z.string().min(1), z.record(z.string().min(1), z.unknown()));
const updateChatPropertiesSchema = z.object({ id: z.string().min(1), properties: propertiesSchema });

function matches(deps: LivechatDeps, chat: ChatRecord, filters: ChatFilters): boolean {
  const active = deps.state.activeThread(chat) !== undefined;
  if (filters.include_active === false && active) return false;
  if (filters.active !== undefined && filters.active !== active) return false;
  const groups = filters.group_ids;
  return !groups || chat.groupIds.some((g) => groups.includes(g));
}

function listChats(deps: LivechatDeps, version: ApiVersion, body: unknown) {
  const input = parseBody(listChatsSchema(version), body);
  const query: ListQuery =
    "page_id" in input
      ? decodePage(input.page_id, listQuerySchema)
      : { filters: input.filters ?? {}, limit: input.limit ?? 10, sortOrder: input.sort_order ?? "desc", offset: 0 };
  const lastAt = (chat: ChatRecord) => chat.threads.at(-1)?.createdAt ?? "";
  const found = [...deps.state.chats.values()]
    .filter((chat) => matches(deps, chat, query.filters))
    .sort((a, b) => (query.sortOrder === "asc" ? 1 : -1) * lastAt(a).localeCompare(lastAt(b)));
  const page = found.slice(query.offset, query.offset + query.limit);
  const out: Record<string, unknown> = {
    chats_summary: page.map((chat) => renderChatSummary(deps.state, chat, version)),
    found_chats: found.length,
  };
  if (query.offset + query.limit < found.length)
    out.next_page_id = encodePage({ ...query, offset: query.offset + query.limit });
  if (query.offset > 0)
    out.previous_page_id = encodePage({ ...query, offset: Math.max(0, query.offset - query.limit) });
  return out;
}

/** Agent Chat API: reading chats, closing them, chat properties. */
export function agentChatActions(deps: LivechatDeps): ActionTable {
  return {
    get_chat: {
      run: ({ body, version }) => {
        const input = parseBody(getChatSchema, body);
        const chat = findChat(deps, input.chat_id);
        const thread = input.thread_id
          ? chat.threads.find((t) => t.id === input.thread_id)
          : deps.state.lastThread(chat);
        if (!thread) throw lcError("not_found", "Thread not found");
        return { ...renderChat(deps.state, chat, thread, version), is_followed: false };
      },
    },
    list_chats: { run: ({ body, version }) => listChats(deps, version, body) },
    deactivate_chat: {
      run: ({ body, requester }) => {
        const input = parseBody(deactivateSchema, body);
        const chat = findChat(deps, input.id);
        if (!input.ignore_requester_presence) requireChatUser(chat, requester);
        deps.chats.deactivate(chat, requester.agentId, sourceOf(requester));
        return {};
      },
    },
    update_chat_properties: {
      run: ({ body, requester }) => {
        const input = parseBody(updateChatPropertiesSchema, body);
        const chat = findChat(deps, input.id);
        // Real LiveChat requires properties registered in your namespace first; the sandbox accepts any namespace.
        deps.chats.updateChatProperties(chat, input.properties, sourceOf(requester));
        return {};
      },
    },
  };
}
