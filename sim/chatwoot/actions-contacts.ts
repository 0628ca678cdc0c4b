import { randomUUID } from "node:crypto";
import { type Change, changedAttributes, type SimContext } from "./context.ts";
import { type FieldError, recordInvalid } from "./errors.ts";
import { iso } from "./json.ts";
import type { Contact, ContactInbox, Inbox } from "./model.ts";
import { contactWebhookData } from "./present-events.ts";
import { type ChatwootState, secureToken } from "./state.ts";

export type ContactInput = {
  name?: string | null;
  email?: string | null;
  phoneNumber?: string | null;
  identifier?: string | null;
  blocked?: boolean;
  additionalAttributes?: Record<string, unknown>;
  customAttributes?: Record<string, unknown>;
};

/** Devise's email regexp. */
const EMAIL = /^[^@\s]+@[^@\s]+$/;
// Chatwoot's regex is `/\+[1-9]\d{1,14}\z/`: anchored at the end only, so it is reproduced without `^`.
const PHONE = /\+[1-9]\d{1,14}$/;

/** `Contact#prepare_contact_attributes`: blank becomes nil, email is lower-cased. */
const presence = (value: string | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null || value.trim() === "" ? null : value;

function validate(state: ChatwootState, c: Pick<Contact, "id" | "email" | "phoneNumber" | "identifier">): FieldError[] {
  const errors: FieldError[] = [];
  const others = [...state.contacts.values()].filter((o) => o.id !== c.id);
  if (c.email !== null) {
    if (!EMAIL.test(c.email)) errors.push({ attribute: "email", message: "Invalid email" });
    else if (others.some((o) => o.email?.toLowerCase() === c.email?.toLowerCase())) {
      errors.push({ attribute: "email", message: "has already been taken" });
    }
  }
  if (c.phoneNumber !== null) {
    if (!PHONE.test(c.phoneNumber)) errors.push({ attribute: "phone_number", message: "should be in e164 format" });
    else if (others.some((o) => o.phoneNumber === c.phoneNumber)) {
      errors.push({ attribute: "phone_number", message: "has already been taken" });
    }
  }
  if (c.identifier !== null && others.some((o) => o.identifier === c.identifier)) {
    errors.push({ attribute: "identifier", message: "has already been taken" });
  }
  return errors;
}

export function createContact(ctx: SimContext, input: ContactInput): Contact {
  const { state, config } = ctx;
  const now = config.now();
  const contact: Contact = {
    id: 0,
    name: input.name ?? "",
    email: presence(input.email)?.toLowerCase() ?? null,
    phoneNumber: presence(input.phoneNumber) ?? null,
    identifier: presence(input.identifier) ?? null,
    blocked: input.blocked ?? false,
    additionalAttributes: input.additionalAttributes ?? {},
    customAttributes: input.customAttributes ?? {},
    labels: [],
    lastActivityAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const errors = validate(state, contact);
  if (errors.length > 0) throw recordInvalid(errors);
  contact.id = state.nextId("contact");
  state.contacts.set(contact.id, contact);
  ctx.bus.publish("contact_created", { inboxId: null }, () => ({
    ...contactWebhookData(state, contact),
    event: "contact_created",
  }));
  return contact;
}

/** Updates a contact; `custom_attributes` and `additional_attributes` are merged (doc §5.1). */
export function updateContact(ctx: SimContext, contact: Contact, input: ContactInput): Contact {
  const { state, config } = ctx;
  const next: Contact = {
    ...contact,
    name: input.name === undefined ? contact.name : (input.name ?? ""),
    email: input.email === undefined ? contact.email : (presence(input.email)?.toLowerCase() ?? null),
    phoneNumber: input.phoneNumber === undefined ? contact.phoneNumber : (presence(input.phoneNumber) ?? null),
    identifier: input.identifier === undefined ? contact.identifier : (presence(input.identifier) ?? null),
    blocked: input.blocked ?? contact.blocked,
    additionalAttributes: { ...contact.additionalAttributes, ...input.additionalAttributes },
    customAttributes: { ...contact.customAttributes, ...input.customAttributes },
  };
  const errors = validate(state, next);
  if (errors.length > 0) throw recordInvalid(errors);
  const changes: Change[] = [];
  const compare = (attribute: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push([attribute, before, after]);
  };
  compare("name", contact.name, next.name);
  compare("email", contact.email, next.email);
  compare("phone_number", contact.phoneNumber, next.phoneNumber);
  compare("identifier", contact.identifier, next.identifier);
  compare("blocked", contact.blocked, next.blocked);
  compare("additional_attributes", contact.additionalAttributes, next.additionalAttributes);
  compare("custom_attributes", contact.customAttributes, next.customAttributes);
  // Chatwoot skips contact_updated when nothing changed (doc §2.3).
  if (changes.length === 0) return contact;
  const previousUpdatedAt = contact.updatedAt;
  Object.assign(contact, next, { updatedAt: config.now() });
  changes.push(["updated_at", iso(previousUpdatedAt), iso(contact.updatedAt)]);
  ctx.bus.publish("contact_updated", { inboxId: null }, () => ({
    ...contactWebhookData(state, contact),
    event: "contact_updated",
    changed_attributes: changedAttributes(changes),
  }));
  return contact;
}

/** Finds or creates the contact's row for an inbox; API and web widget inboxes generate a UUID `source_id`. */
export function ensureContactInbox(ctx: SimContext, contact: Contact, inbox: Inbox, sourceId?: string): ContactInbox {
  const { state, config } = ctx;
  for (const ci of state.contactInboxes.values()) {
    if (
      ci.contactId === contact.id &&
      ci.inboxId === inbox.id &&
      (sourceId === undefined || ci.sourceId === sourceId)
    ) {
      return ci;
    }
  }
  const now = config.now();
  const ci: ContactInbox = {
    id: state.nextId("contactInbox"),
    contactId: contact.id,
    inboxId: inbox.id,
    sourceId: sourceId ?? randomUUID(),
    pubsubToken: secureToken(),
    hmacVerified: false,
    createdAt: now,
    updatedAt: now,
  };
  state.contactInboxes.set(ci.id, ci);
  return ci;
}

export function findContact(state: ChatwootState, by: { email?: string; phone?: string }): Contact | undefined {
  const email = by.email?.toLowerCase();
  for (const c of state.contacts.values()) {
    if (email && c.email === email) return c;
    if (by.phone && c.phoneNumber === by.phone) return c;
  }
  return undefined;
}
