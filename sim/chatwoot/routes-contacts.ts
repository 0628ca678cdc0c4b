import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { type ContactInput, createContact, ensureContactInbox, updateContact } from "./actions-contacts.ts";
import { authenticateUser } from "./auth.ts";
import { CHATWOOT_ERRORS, CHATWOOT_LIMITS } from "./constants.ts";
import { compileContactFilter, contactFilterSchema } from "./contact-filter.ts";
import type { SimContext } from "./context.ts";
import { ChatwootError, notFound, unprocessable } from "./errors.ts";
import type { Contact } from "./model.ts";
import {
  jsonObject,
  pageOf,
  parseBody,
  pathId,
  queryString,
  railsBool,
  railsId,
  railsString,
  unwrap,
} from "./params.ts";
import { contactInboxJson, contactJson, conversationJson } from "./present-rest.ts";

const nullableString = z.union([railsString, z.null()]).optional();
const contactSchema = z.object({
  name: nullableString,
  email: nullableString,
  phone_number: nullableString,
  identifier: nullableString,
  blocked: railsBool.optional(),
  avatar_url: z.string().optional(),
  additional_attributes: jsonObject.optional(),
  custom_attributes: jsonObject.optional(),
  inbox_id: railsId.optional(),
  source_id: railsString.optional(),
});
const contactInboxSchema = z.object({ inbox_id: railsId, source_id: railsString.optional() });

const toInput = (b: z.output<typeof contactSchema>): ContactInput => ({
  name: b.name,
  email: b.email,
  phoneNumber: b.phone_number,
  identifier: b.identifier,
  blocked: b.blocked,
  additionalAttributes: b.additional_attributes,
  customAttributes: b.custom_attributes,
});

const SORT_KEYS: Record<string, (c: Contact) => string | number> = {
  name: (c) => c.name.toLowerCase(),
  email: (c) => c.email ?? "",
  phone_number: (c) => c.phoneNumber ?? "",
  created_at: (c) => c.createdAt,
  last_activity_at: (c) => c.lastActivityAt ?? 0,
};

/** `?sort=name` / `?sort=-last_activity_at`; the default is the most recently active first. */
function sorted(list: Contact[], sort: string | undefined): Contact[] {
  const desc = sort === undefined || sort.startsWith("-");
  const key = SORT_KEYS[sort?.replace(/^-/, "") ?? "last_activity_at"] ?? SORT_KEYS.last_activity_at;
  if (!key) return list;
  return [...list].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return desc ? -order : order;
  });
}

/** The contacts list shows only identified contacts (email, phone or identifier): anonymous visitors are hidden. */
const resolved = (c: Contact): boolean => c.email !== null || c.phoneNumber !== null || c.identifier !== null;

/** Contacts (doc §5.1): list, search (substring), filter (exact), create, show, update, conversations, inboxes. */
export function registerContactRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const base = "/api/v1/accounts/:accountId/contacts";
  const size = CHATWOOT_LIMITS.contactsPerPage;
  const withInboxes = (req: FastifyRequest) => queryString(req.query, "include_contact_inboxes") !== "false";
  const page = (req: FastifyRequest, list: Contact[], hasMore: boolean) => {
    const { page: n, raw } = pageOf(req.query);
    const slice = sorted(list, queryString(req.query, "sort")).slice((n - 1) * size, n * size);
    return {
      meta: { count: list.length, current_page: raw, ...(hasMore ? { has_more: n * size < list.length } : {}) },
      payload: slice.map((c) => contactJson(state, c, withInboxes(req))),
    };
  };
  const find = (req: FastifyRequest) => {
    const contact = state.contacts.get(pathId(req.params, "id"));
    if (!contact) throw notFound();
    return contact;
  };

  app.get(base, async (req) => {
    authenticateUser(ctx, req, "contacts#index");
    return page(req, [...state.contacts.values()].filter(resolved), false);
  });

  app.get(`${base}/search`, async (req) => {
    authenticateUser(ctx, req, "contacts#search");
    const q = queryString(req.query, "q");
    if (!q) throw new ChatwootError(422, CHATWOOT_ERRORS.searchMissingQ);
    const needle = q.toLowerCase();
    // name/email/phone are ILIKE, identifier is a case-sensitive LIKE: all substring matches.
    const hits = [...state.contacts.values()].filter(
      (c) =>
        c.name.toLowerCase().includes(needle) ||
        (c.email ?? "").toLowerCase().includes(needle) ||
        (c.phoneNumber ?? "").toLowerCase().includes(needle) ||
        (c.identifier ?? "").includes(q),
    );
    return page(req, hits, true);
  });

  app.post(`${base}/filter`, async (req) => {
    authenticateUser(ctx, req, "contacts#filter");
    const parsed = contactFilterSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw unprocessable("Invalid filter payload: expected payload to be a list of conditions");
    const predicate = compileContactFilter(parsed.data.payload, ctx.config.now());
    return page(req, [...state.contacts.values()].filter(predicate), false);
  });

  app.post(base, async (req) => {
    authenticateUser(ctx, req, "contacts#create");
    const body = parseBody(contactSchema, unwrap(req.body, "contact"));
    const inbox = body.inbox_id === undefined ? undefined : state.inboxes.get(body.inbox_id);
    if (body.inbox_id !== undefined && !inbox) throw notFound();
    const contact = createContact(ctx, toInput(body));
    const ci = inbox ? ensureContactInbox(ctx, contact, inbox, body.source_id) : undefined;
    return {
      payload: {
        contact: contactJson(state, contact, true),
        contact_inbox: ci ? contactInboxJson(state, ci) : { inbox: null, source_id: null },
      },
    };
  });

  app.get(`${base}/:id`, async (req) => {
    authenticateUser(ctx, req, "contacts#show");
    return { payload: contactJson(state, find(req), true) };
  });

  const update = async (req: FastifyRequest) => {
    authenticateUser(ctx, req, "contacts#update");
    const contact = find(req);
    const body = parseBody(contactSchema, unwrap(req.body, "contact"));
    return { payload: contactJson(state, updateContact(ctx, contact, toInput(body)), true) };
  };
  app.put(`${base}/:id`, update);
  app.patch(`${base}/:id`, update);

  app.get(`${base}/:id/conversations`, async (req) => {
    authenticateUser(ctx, req, "contacts/conversations#index");
    const contact = find(req);
    const view = { state, live: true };
    const list = [...state.conversations.values()].filter((c) => c.contactId === contact.id);
    return { payload: list.map((c) => conversationJson(view, c)) };
  });

  app.post(`${base}/:id/contact_inboxes`, async (req) => {
    authenticateUser(ctx, req, "contacts/contact_inboxes#create");
    const contact = find(req);
    const body = parseBody(contactInboxSchema, req.body);
    const inbox = state.inboxes.get(body.inbox_id);
    if (!inbox) throw notFound();
    return contactInboxJson(state, ensureContactInbox(ctx, contact, inbox, body.source_id));
  });
}
