/** The Agent Chat API versions the client speaks. */
export type LivechatVersion = "v3.5" | "v3.6";

/** Request shapes the client accepts (camelCase) and their LiveChat wire bodies (snake_case). */

export type ChatInput = { chatId: string; threadId?: string };

/**
 * A `visibility: "agents"` event is an internal note. System messages need an app-defined
 * `systemMessageType` ("applications can define their own system messages").
 */
export type OutgoingEvent =
  | { type: "message"; text: string; visibility?: "all" | "agents"; customId?: string }
  | {
      type: "system_message";
      text: string;
      systemMessageType: string;
      visibility?: "all" | "agents";
      textVars?: Record<string, string>;
      customId?: string;
    };

export function outgoingEventBody(event: OutgoingEvent): Record<string, unknown> {
  const common = { text: event.text, visibility: event.visibility ?? "all", custom_id: event.customId };
  if (event.type === "message") return compact({ type: "message", ...common });
  return compact({
    type: "system_message",
    ...common,
    system_message_type: event.systemMessageType,
    text_vars: event.textVars,
  });
}

/** Filters go only with the first page; later pages send `pageId` alone (filters and page_id don't combine). */
export type ListChatsInput =
  | { active?: boolean; groupIds?: number[]; limit?: number; sortOrder?: "asc" | "desc"; pageId?: undefined }
  | { pageId: string };

export function listChatsBody(input: ListChatsInput, version: LivechatVersion): Record<string, unknown> {
  if (input.pageId !== undefined) return { page_id: input.pageId };
  // v3.6 renamed the `include_active` filter to `active`.
  const activeKey = version === "v3.5" ? "include_active" : "active";
  const filters = compact({ [activeKey]: input.active, group_ids: input.groupIds });
  return compact({
    filters: Object.keys(filters).length > 0 ? filters : undefined,
    limit: input.limit,
    sort_order: input.sortOrder,
  });
}

export type CustomerUpdate = {
  id: string;
  name?: string;
  email?: string;
  avatar?: string;
  /** LiveChat stores these as a list of single-key objects and replaces the whole list on update. */
  sessionFields?: Record<string, string>;
  /** E.164. A v3.6 field: on v3.5 it travels as the `phone_number` session field instead. */
  phoneNumber?: string;
};

export function customerUpdateBody(update: CustomerUpdate, version: LivechatVersion): Record<string, unknown> {
  const sessionFields = { ...update.sessionFields };
  let phoneNumber = update.phoneNumber;
  if (version === "v3.5" && phoneNumber !== undefined) {
    sessionFields.phone_number = phoneNumber;
    phoneNumber = undefined;
  }
  const fieldList = Object.entries(sessionFields).map(([key, value]) => ({ [key]: value }));
  return compact({
    id: update.id,
    name: update.name,
    email: update.email,
    avatar: update.avatar,
    session_fields: fieldList.length > 0 ? fieldList : undefined,
    phone_number: phoneNumber,
  });
}

export type WebhookRegistration = {
  url: string;
  action: string;
  secretKey: string;
  ownerClientId: string;
  type: "license" | "bot";
  description?: string;
  additionalData?: ("chat_properties" | "chat_presence_user_ids")[];
  /** Passed through as documented, e.g. `{author_type: "customer"}` or `{source_type: ["other_clients"]}`. */
  filters?: Record<string, unknown>;
};

/** Drops undefined members so optional parameters are absent on the wire rather than null. */
export function compact<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}
