import { z } from "zod";
import type { AuthorType, ChatMessage, CustomerRef } from "../../domain/events.ts";
import type { LivechatCustomer, LivechatEvent, LivechatUser } from "./event-schema.ts";
import { isMirroredEvent } from "./event-schema.ts";

/** LiveChat sends RFC 3339 with microseconds; the domain wants one ISO-8601 form. Unparseable → as sent. */
export function toIso(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

const BOT_ID = /^[0-9a-f]{32}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Ids identify the kind of user (platforms/livechat.md fact 8): agents are emails, bots 32 hex characters,
 * customers UUIDs. The user's `type` wins when known; a bot's `type` in chat.users is UNCONFIRMED, so a
 * "bot" type and an "agent" with a bot-shaped id are both treated as bots.
 */
export function authorTypeOf(authorId: string, users: readonly LivechatUser[] = []): AuthorType {
  const user = users.find((candidate) => candidate.id === authorId);
  if (user?.type === "customer") return "customer";
  if (user?.type === "bot") return "bot";
  if (BOT_ID.test(authorId)) return "bot";
  if (user?.type === "agent" || EMAIL.test(authorId)) return "agent";
  return "customer";
}

export const isHumanAgent = (user: LivechatUser): boolean => user.type === "agent" && !BOT_ID.test(user.id);

/** Converts the event types we mirror into a message; others (forms, custom, system) → undefined. */
export function toChatMessage(
  event: LivechatEvent,
  users: readonly LivechatUser[],
  fallbackAt: string,
): ChatMessage | undefined {
  if (!isMirroredEvent(event)) return undefined;
  const at = toIso(event.created_at, fallbackAt);
  // `recipients` is the pre-3.4 name of `visibility`; "agents" means an internal note.
  const internal = (event.visibility ?? event.recipients) === "agents";
  const base = (authorId: string, authorType: AuthorType, text: string): ChatMessage => ({
    id: event.id,
    authorId,
    authorType,
    text,
    at,
    ...(internal ? { private: true } : {}),
  });
  switch (event.type) {
    case "message":
      if (event.deleted === true || event.text === undefined) return undefined;
      return base(event.author_id, authorTypeOf(event.author_id, users), event.text);
    case "file":
      return base(event.author_id, authorTypeOf(event.author_id, users), fileText(event.name, event.url));
    case "rich_message":
      return base(event.author_id, authorTypeOf(event.author_id, users), richText(event.elements));
    case "system_message":
      return base(event.author_id ?? "system", "system", event.text ?? event.system_message_type ?? "");
  }
}

const fileText = (name: string | undefined, url: string): string => (name ? `${name} (${url})` : url);

type RichElement = { title?: string; subtitle?: string; buttons?: { text?: string }[] };

function richText(elements: readonly RichElement[] | undefined): string {
  const lines: string[] = [];
  for (const element of elements ?? []) {
    if (element.title) lines.push(element.title);
    if (element.subtitle) lines.push(element.subtitle);
    const buttons = (element.buttons ?? []).map((button) => button.text).filter((text) => !!text);
    if (buttons.length > 0) lines.push(`[${buttons.join("] [")}]`);
  }
  return lines.length > 0 ? lines.join("\n") : "[rich message]";
}

/** Flattens `[{"k": "v"}, …]` into one map of string values, last key winning. */
export function sessionFieldMap(fields: readonly Record<string, unknown>[] | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const field of fields ?? []) {
    for (const [key, value] of Object.entries(field)) {
      if (typeof value === "string" && value.trim() !== "") map.set(key.toLowerCase(), value.trim());
    }
  }
  return map;
}

const PHONE_KEYS = ["phone", "phone_number", "phonenumber", "mobile", "telephone", "tel"];
const EMAIL_KEYS = ["email", "e-mail", "email_address"];
const NAME_KEYS = ["name", "full_name", "fullname"];

const pick = (fields: Map<string, string>, keys: readonly string[]): string | undefined =>
  keys.map((key) => fields.get(key)).find((value) => value !== undefined);

/**
 * Customer identity from the user object, falling back to session fields (set by the site's integration)
 * and then to the pre-chat form answers. Values are passed as sent: normalising emails and phone numbers
 * is the customer-matching domain's job.
 */
export function customerRefOf(customer: LivechatCustomer | undefined, prechat: PrechatAnswers = {}): CustomerRef {
  const fields = sessionFieldMap(customer?.session_fields);
  const ref: CustomerRef = {};
  if (customer?.id) ref.platformId = customer.id;
  const name = nonEmpty(customer?.name) ?? pick(fields, NAME_KEYS) ?? prechat.name;
  const email = nonEmpty(customer?.email) ?? pick(fields, EMAIL_KEYS) ?? prechat.email;
  const phone = nonEmpty(customer?.phone_number) ?? pick(fields, PHONE_KEYS) ?? prechat.phone;
  if (name) ref.name = name;
  if (email) ref.email = email;
  if (phone) ref.phone = phone;
  return ref;
}

export type PrechatAnswers = { name?: string; email?: string; phone?: string };

// v3.x answers are `answer`; the older Go SDK fixture carries `value`.
const formFieldSchema = z.looseObject({
  type: z.string().optional(),
  answer: z.unknown().optional(),
  value: z.unknown().optional(),
});
const filledFormSchema = z.looseObject({ type: z.literal("filled_form"), fields: z.array(formFieldSchema) });

/** Anonymous widget visitors often give name and email only in the pre-chat form. */
export function prechatAnswers(events: readonly LivechatEvent[]): PrechatAnswers {
  const answers: PrechatAnswers = {};
  for (const event of events) {
    const form = filledFormSchema.safeParse(event);
    if (!form.success) continue;
    for (const field of form.data.fields) {
      const raw = typeof field.answer === "string" ? field.answer : field.value;
      const value = typeof raw === "string" ? nonEmpty(raw) : undefined;
      if (!value) continue;
      if (field.type === "name") answers.name ??= value;
      if (field.type === "email") answers.email ??= value;
      if (field.type === "phone") answers.phone ??= value;
    }
  }
  return answers;
}

const nonEmpty = (value: string | null | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};
