import type { ConversationStatus } from "./webhook-schema.ts";

export type { ConversationStatus };

/** `Webhook::ALLOWED_WEBHOOK_EVENTS` (v4.15.1); `inbox_*` fire only with ENABLE_INBOX_EVENTS set. */
export const WEBHOOK_EVENTS = [
  "conversation_created",
  "conversation_status_changed",
  "conversation_updated",
  "contact_created",
  "contact_updated",
  "message_created",
  "message_updated",
  "webwidget_triggered",
  "inbox_created",
  "inbox_updated",
  "conversation_typing_on",
  "conversation_typing_off",
] as const;
export type ChatwootWebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What Switchboard subscribes to when it connects an account: the events map.ts acts on. */
export const SWITCHBOARD_SUBSCRIPTIONS: readonly ChatwootWebhookEvent[] = [
  "conversation_created",
  "conversation_status_changed",
  "conversation_updated",
  "message_created",
  "contact_created",
  "contact_updated",
];

export type NewWebhook = { url: string; name?: string; subscriptions: readonly ChatwootWebhookEvent[] };

type Id = number | string;

export type ConversationListFilter = {
  status?: ConversationStatus | "all";
  assigneeType?: "me" | "unassigned" | "all" | "assigned";
  inboxId?: Id;
  teamId?: Id;
  labels?: readonly string[];
  q?: string;
  /** contact_inbox `source_id`: how mirrored conversations are found again (doc §6). */
  sourceId?: string;
  updatedWithinSec?: number;
  page?: number;
};

export function conversationQuery(
  f: ConversationListFilter,
): Record<string, string | number | readonly string[] | undefined> {
  return {
    status: f.status,
    assignee_type: f.assigneeType,
    inbox_id: f.inboxId,
    team_id: f.teamId,
    labels: f.labels,
    q: f.q,
    source_id: f.sourceId,
    updated_within: f.updatedWithinSec,
    page: f.page,
  };
}

/** Assign to a user, clear the human assignee (`agentId: null`), a team, or an agent bot (v4.8.0+). */
export type AssignTarget = { agentId: Id | null } | { teamId: Id } | { agentBotId: Id };

export function assignBody(target: AssignTarget): Record<string, unknown> {
  if ("agentId" in target) return { assignee_id: target.agentId === null ? null : idValue(target.agentId) };
  if ("teamId" in target) return { team_id: idValue(target.teamId) };
  return { assignee_type: "AgentBot", assignee_id: idValue(target.agentBotId) };
}

export type NewMessage = {
  content: string;
  /** An internal note: visible to agents only, never sent to the customer. */
  private?: boolean;
  /** "incoming" is accepted only in API inboxes (mirroring another platform's customer messages). */
  messageType?: "outgoing" | "incoming";
  contentType?: string;
  contentAttributes?: Record<string, unknown>;
  /** External id, stored and indexed: lets a retried create be recognised. */
  sourceId?: string;
  echoId?: string;
};

export function messageBody(m: NewMessage): Record<string, unknown> {
  return compact({
    content: m.content,
    message_type: m.messageType ?? "outgoing",
    private: m.private ?? false,
    content_type: m.contentType,
    content_attributes: m.contentAttributes,
    source_id: m.sourceId,
    echo_id: m.echoId,
  });
}

export type ContactInput = {
  name?: string;
  email?: string;
  /** E.164 only: Chatwoot rejects anything else with a 422. */
  phoneNumber?: string;
  identifier?: string;
  blocked?: boolean;
  avatarUrl?: string;
  customAttributes?: Record<string, unknown>;
  additionalAttributes?: Record<string, unknown>;
};

export function contactBody(c: ContactInput & { inboxId?: Id; sourceId?: string }): Record<string, unknown> {
  return compact({
    name: c.name,
    email: c.email,
    phone_number: c.phoneNumber,
    identifier: c.identifier,
    blocked: c.blocked,
    avatar_url: c.avatarUrl,
    custom_attributes: c.customAttributes,
    additional_attributes: c.additionalAttributes,
    inbox_id: c.inboxId === undefined ? undefined : idValue(c.inboxId),
    source_id: c.sourceId,
  });
}

export type ContactFilterCondition = {
  /** `name, email, identifier, phone_number, country_code, city, company_name, labels, …` or a custom attribute key. */
  attributeKey: string;
  filterOperator:
    | "equal_to"
    | "not_equal_to"
    | "contains"
    | "does_not_contain"
    | "starts_with"
    | "is_present"
    | "is_not_present";
  values: readonly (string | number | boolean)[];
  /** How this condition joins the next one; the last one's is ignored. */
  queryOperator?: "AND" | "OR";
};

export function filterBody(conditions: readonly ContactFilterCondition[]): { payload: Record<string, unknown>[] } {
  return {
    payload: conditions.map((c, i) => ({
      attribute_key: c.attributeKey,
      filter_operator: c.filterOperator,
      values: [...c.values],
      query_operator: i === conditions.length - 1 ? null : (c.queryOperator ?? "AND"),
    })),
  };
}

/** Chatwoot ids are integers; numeric strings are sent as numbers so strict readers accept them. */
const idValue = (id: Id): Id => (typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id);

const compact = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
