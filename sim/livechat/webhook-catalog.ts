import type { ApiVersion } from "./constants.ts";

/** Webhook actions per version, with the filters and additional data each accepts (webhooks docs §1.5). */
export type WebhookFilterName = "chat_presence" | "only_my_chats" | "source_type" | "author_type" | "agent_ids";

type CatalogEntry = { filters: WebhookFilterName[]; additionalData: boolean; versions: ApiVersion[] };

const CHAT: CatalogEntry = {
  filters: ["chat_presence", "only_my_chats", "source_type"],
  additionalData: true,
  versions: ["3.5", "3.6"],
};
const EVENT: CatalogEntry = { ...CHAT, filters: [...CHAT.filters, "author_type"] };
const CONFIG: CatalogEntry = { filters: ["source_type"], additionalData: false, versions: ["3.5", "3.6"] };
// `list_webhook_names` shows `agent_ids` for `agent_deleted` while the prose says configuration actions take only
// `source_type`: both are accepted for agent actions (UNCONFIRMED which is right).
const AGENT_CONFIG: CatalogEntry = { ...CONFIG, filters: ["agent_ids", "source_type"] };

const CATALOG: Record<string, CatalogEntry> = {
  incoming_chat: CHAT,
  chat_deactivated: CHAT,
  chat_access_updated: CHAT,
  chat_transferred: CHAT,
  user_added_to_chat: CHAT,
  user_removed_from_chat: CHAT,
  incoming_event: EVENT,
  event_updated: EVENT,
  event_deleted: { ...CHAT, versions: ["3.6"] },
  incoming_rich_message_postback: CHAT,
  chat_properties_updated: CHAT,
  chat_properties_deleted: CHAT,
  thread_properties_updated: CHAT,
  thread_properties_deleted: CHAT,
  event_properties_updated: CHAT,
  event_properties_deleted: CHAT,
  thread_tagged: CHAT,
  thread_untagged: CHAT,
  events_marked_as_seen: CHAT,
  thread_summary_set: { ...CHAT, versions: ["3.6"] },
  routing_status_set: { filters: ["agent_ids", "source_type"], additionalData: false, versions: ["3.5", "3.6"] },
  customer_session_fields_updated: { ...CHAT, filters: ["chat_presence", "source_type"] },
  incoming_customer: { filters: ["source_type"], additionalData: false, versions: ["3.5"] },
  agent_created: AGENT_CONFIG,
  agent_approved: AGENT_CONFIG,
  agent_updated: AGENT_CONFIG,
  agent_suspended: AGENT_CONFIG,
  agent_unsuspended: AGENT_CONFIG,
  agent_deleted: AGENT_CONFIG,
  auto_accesses_updated: CONFIG,
  bot_created: CONFIG,
  bot_updated: CONFIG,
  bot_deleted: CONFIG,
  group_created: CONFIG,
  group_updated: CONFIG,
  group_deleted: CONFIG,
  tag_created: CONFIG,
  tag_updated: CONFIG,
  tag_deleted: CONFIG,
};

export function webhookAction(action: string, version: ApiVersion): CatalogEntry | undefined {
  const entry = CATALOG[action];
  return entry?.versions.includes(version) ? entry : undefined;
}

/** The `list_webhook_names` answer for a version. */
export function webhookNames(version: ApiVersion): Record<string, unknown>[] {
  return Object.entries(CATALOG)
    .filter(([, entry]) => entry.versions.includes(version))
    .map(([action, entry]) => {
      const out: Record<string, unknown> = { action, filters: [...entry.filters] };
      if (entry.additionalData) out.additional_data = ["chat_properties", "chat_presence_user_ids"];
      return out;
    });
}
