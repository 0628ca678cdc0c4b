import type { DocumentedFields, OptionalKey } from "./livechat-check.ts";

/**
 * What LiveChat documents beyond its example JSON, with the source of each row: parameters and fields from the
 * method tables and official SDK types, and keys the examples always show but that exist only in some states.
 * (Not deviations: these are part of the documented contract.)
 */

const BOTH = ["v3.5", "v3.6"] as const;

/** Parameters and fields the docs document outside the examples. */
export const DOCUMENTED: DocumentedFields[] = [
  {
    kind: "request",
    where: /^list_chats$/,
    versions: ["v3.6"],
    example: {
      filters: { active: true, group_ids: [0] },
      limit: 10,
      sort_order: "desc",
      page_id: "MTUxNzM5ODEzMTQ5Ng==",
    },
    source: "livechat.md §2.2 list_chats; §2.1 pagination sends `page_id` alone",
  },
  {
    kind: "request",
    where: /^list_chats$/,
    versions: ["v3.5"],
    example: { filters: { include_active: true, group_ids: [0] }, limit: 10, sort_order: "desc", page_id: "MTUx" },
    source: "livechat.md §2.2 list_chats (v3.5 names the filter `include_active`)",
  },
  {
    kind: "request",
    where: /^send_event$/,
    versions: BOTH,
    example: { attach_to_last_thread: true },
    source:
      "documented for the Customer Chat API's send_event; for agents UNCONFIRMED (livechat.md §2.2), so accepted " +
      "as plausible — the client sends it only when a caller asks for it",
  },
  {
    kind: "request",
    where: /^update_customer$/,
    versions: ["v3.6"],
    example: { phone_number: "+14155550199" },
    source: "livechat.md §2.2 update_customer: `phone_number` (v3.6, E.164)",
  },
  {
    kind: "request",
    where: /^list_agents$/,
    versions: BOTH,
    example: { filters: { suspended: false } },
    source: "livechat.md §3 list_agents: `filters: {group_ids, suspended}`",
  },
  {
    kind: "request",
    where: /^register_webhook$/,
    versions: BOTH,
    example: { additional_data: ["chat_properties"], filters: { author_type: "customer" } },
    source: "livechat.md §1.4 register_webhook parameter table",
  },
  {
    kind: "request",
    where: /^(enable_license_webhooks|get_license_webhooks_state)$/,
    versions: BOTH,
    example: { owner_client_id: "asXdesldiAJSq9padj" },
    source: "livechat.md §1.4: `owner_client_id` is required with a PAT",
  },
  {
    kind: "response",
    where: /^list_chats$/,
    versions: BOTH,
    example: { previous_page_id: "MTUxNzM5ODEzMTQ5Ng==" },
    source: "livechat.md §2.2 list_chats response: `next_page_id?`, `previous_page_id?`",
  },
  {
    kind: "response",
    where: /^list_webhooks$/,
    versions: BOTH,
    example: { additional_data: ["chat_properties"] },
    source: "official lc-sdk-go configuration.RegisteredWebhook: `additional_data,omitempty` (shown when registered)",
  },
  {
    kind: "webhook",
    where: /^incoming_chat$/,
    versions: BOTH,
    example: { payload: { chat: { access: { group_ids: [0] } } } },
    source: "official lc-sdk-go webhook fixture incoming_chat.json (examples/webhooks/lc-sdk-go-…) has `chat.access`",
  },
  {
    kind: "webhook",
    where: /^user_added_to_chat$/,
    versions: ["v3.5"],
    example: { payload: { user_type: "agent" } },
    source: "livechat.md §1.6 user_added_to_chat: `user_type?` (in the v3.6 composed example, not in v3.5's)",
  },
];

/** Keys the examples always show but the docs make conditional. */
export const OPTIONAL: OptionalKey[] = [
  {
    where: /./,
    pointer: /\/additional_data\/(chat_properties|chat_presence_user_ids)$/,
    reason: "sent only when requested at registration, otherwise `additional_data: {}` (livechat.md §1.1, §1.4)",
  },
  {
    where: /./,
    pointer: /\/(visit|last_visit)\/ended_at$/,
    reason: "an ongoing visit has not ended; every example shows a finished one (UNCONFIRMED: absent or null)",
  },
  {
    where: /./,
    pointer: /\/thread\/previous_thread_id$/,
    reason: "a chat's first thread has no previous thread",
  },
  {
    where: /^(get_chat|list_chats|incoming_chat|incoming_customer)$/,
    pointer: /\/agent_last_event_created_at$/,
    reason: "no agent event exists yet in these calls; UNCONFIRMED whether LiveChat then omits or nulls it",
  },
  {
    where: /^list_chats$/,
    pointer: /^\/next_page_id$/,
    reason: "only when there is a next page (livechat.md §2.2: `next_page_id?`)",
  },
  {
    where: /^list_agents$/,
    pointer: /^\/\d+\/(job_title|max_chats_count|summaries|last_logout)$/,
    reason: "returned only when named in `fields` (the docs' example asked for them; livechat.md §3)",
  },
  {
    where: /^list_webhooks$/,
    pointer: /^\/\d+\/filters$/,
    reason: "a registration without filters has none (lc-sdk-go RegisteredWebhook: `filters,omitempty`)",
  },
];
