import { z } from "zod";
import type { ChatRecord } from "./state.ts";

/** Where a change came from, for the `source_type` filter. */
export type WebhookSource = { kind: "client"; clientId: string | null } | { kind: "system" };

const idList = z.array(z.string());
/** Either one of the two lists (the docs say "one of the two"). */
const valuesOrExclude = z.union([z.object({ values: idList }).strict(), z.object({ exclude_values: idList }).strict()]);

/** `register_webhook` filters; unknown keys are a validation error. */
export const webhookFiltersSchema = z
  .object({
    author_type: z.enum(["customer", "agent"]).optional(),
    only_my_chats: z.boolean().optional(),
    chat_presence: z
      .object({ user_ids: valuesOrExclude.optional(), my_bots: z.boolean().optional() })
      .strict()
      .optional(),
    source_type: z
      .array(z.enum(["my_client", "other_clients", "system"]))
      .min(1)
      .optional(),
    // The JSON path of `agent_ids` is undocumented (UNCONFIRMED): a bare list and `{values}`/`{exclude_values}` both work.
    agent_ids: z.union([idList, valuesOrExclude]).optional(),
  })
  .strict();
export type WebhookFilters = z.infer<typeof webhookFiltersSchema>;

/** What a delivery is about, for evaluating filters. */
export type FilterSubject = {
  source: WebhookSource;
  chat?: ChatRecord;
  authorType?: "agent" | "customer";
  agentId?: string;
};

function sourceType(source: WebhookSource, ownerClientId: string): "my_client" | "other_clients" | "system" {
  if (source.kind === "system") return "system";
  return source.clientId === ownerClientId ? "my_client" : "other_clients";
}

function matchesIdFilter(ids: string[], filter: z.infer<typeof valuesOrExclude> | string[]): boolean {
  if (Array.isArray(filter)) return ids.some((id) => filter.includes(id));
  if ("values" in filter) return ids.some((id) => filter.values.includes(id));
  // `exclude_values` semantics are undocumented (UNCONFIRMED): read as "none of these users takes part".
  return !ids.some((id) => filter.exclude_values.includes(id));
}

/** True when a webhook registered with `filters` by `ownerClientId` should fire for `subject`. */
export function passesFilters(
  filters: WebhookFilters | undefined,
  ownerClientId: string,
  subject: FilterSubject,
  ownerBotIds: readonly string[] = [],
) {
  if (!filters) return true;
  if (filters.source_type && !filters.source_type.includes(sourceType(subject.source, ownerClientId))) return false;
  if (filters.author_type && subject.authorType !== filters.author_type) return false;
  if (filters.agent_ids && (!subject.agentId || !matchesIdFilter([subject.agentId], filters.agent_ids))) return false;
  const chat = subject.chat;
  if (filters.only_my_chats && chat?.properties.source?.client_id !== ownerClientId) return false;
  if (filters.chat_presence) {
    const presentIds = chat ? chat.users.filter((u) => u.present).map((u) => u.id) : [];
    const byUsers = filters.chat_presence.user_ids
      ? matchesIdFilter(presentIds, filters.chat_presence.user_ids)
      : false;
    // `my_bots`: any bot owned by the webhook's Client ID is in the chat.
    const byBots = filters.chat_presence.my_bots === true && presentIds.some((id) => ownerBotIds.includes(id));
    if (!byUsers && !byBots) return false;
  }
  return true;
}
