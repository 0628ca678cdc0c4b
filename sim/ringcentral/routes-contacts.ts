import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { accountRoute, baseUrl, resolveExtension, type SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { multiValue, pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { issueParameter } from "./routes-extensions.ts";
import { type Contact, digits } from "./state.ts";

const PHONE_FIELDS = [
  "homePhone",
  "homePhone2",
  "businessPhone",
  "businessPhone2",
  "mobilePhone",
  "businessFax",
  "companyPhone",
  "assistantPhone",
  "carPhone",
  "otherPhone",
  "otherFax",
  "callbackPhone",
] as const;
const address = z.object({
  street: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
});
/** `PersonalContactRequest`: all optional; emails must be emails. Unknown fields are dropped. */
const contactBody = z.object({
  firstName: z.string().max(64).optional(),
  lastName: z.string().max(64).optional(),
  middleName: z.string().max(64).optional(),
  nickName: z.string().max(64).optional(),
  company: z.string().max(256).optional(),
  jobTitle: z.string().max(256).optional(),
  email: z.email().optional(),
  email2: z.email().optional(),
  email3: z.email().optional(),
  birthday: z.string().optional(),
  webPage: z.string().optional(),
  notes: z.string().max(1024).optional(),
  businessAddress: address.optional(),
  homeAddress: address.optional(),
  otherAddress: address.optional(),
  ...Object.fromEntries(PHONE_FIELDS.map((f) => [f, z.string().max(64).optional()])),
});
const listQuery = pagingQuery.extend({
  startsWith: z.string().optional(),
  sortBy: multiValue,
  phoneNumber: multiValue,
});
const SORT_KEYS: Record<string, string> = { FirstName: "firstName", LastName: "lastName", Company: "company" };

function contactJson(contact: Contact, base: string, accountId: string): Record<string, unknown> {
  return {
    uri: `${base}/restapi/v1.0/account/${accountId}/extension/${contact.ownerId}/address-book/contact/${contact.id}`,
    availability: "Alive",
    id: Number(contact.id),
    ...contact.fields,
  };
}

function text(contact: Contact, key: string): string {
  const value = contact.fields[key];
  return typeof value === "string" ? value : "";
}

/** Personal address book (doc §3.10): list with search, create, read, delete. All Heavy. */
export function registerContactRoutes(app: FastifyInstance, ctx: SimContext): void {
  const BOOK = "/restapi/v1.0/account/:accountId/extension/:extensionId/address-book/contact";

  app.get(BOOK, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!ext) return reply;
    const query = listQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    if (query.data.sortBy.some((s) => !(s in SORT_KEYS))) return rcErrors.invalidParameter(reply, "sortBy");
    const prefix = query.data.startsWith?.toLowerCase();
    const phones = query.data.phoneNumber.map(digits).filter((p) => p !== "");
    const found = ctx.dir.contacts.filter((c) => {
      if (c.ownerId !== ext.id) return false;
      if (prefix && ![text(c, "firstName"), text(c, "lastName")].some((n) => n.toLowerCase().startsWith(prefix))) {
        return false;
      }
      return phones.length === 0 || PHONE_FIELDS.some((f) => phones.includes(digits(text(c, f))));
    });
    const keys = query.data.sortBy.map((s) => SORT_KEYS[s] ?? "firstName");
    if (keys.length > 0) {
      found.sort((a, b) => {
        for (const key of keys) {
          const order = text(a, key).localeCompare(text(b, key));
          if (order !== 0) return order;
        }
        return 0;
      });
    }
    const base = baseUrl(ctx, req);
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/extension/${ext.id}/address-book/contact`;
    const page = paginate(found, paging.value, pageUri(base, path, query.data));
    return {
      uri: page.uri,
      records: page.records.map((c) => contactJson(c, base, ctx.dir.accountId)),
      paging: page.paging,
      navigation: page.navigation,
      groups: { uri: `${base}/restapi/v1.0/account/${ctx.dir.accountId}/extension/${ext.id}/address-book/group` },
    };
  });

  app.post(BOOK, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!ext) return reply;
    const body = contactBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const fields = Object.fromEntries(Object.entries(body.data).filter(([, v]) => v !== undefined));
    const contact: Contact = { id: ctx.dir.seq.contact.next(), ownerId: ext.id, fields };
    ctx.dir.contacts.push(contact);
    // The spec answers 200 (not 201) with the created contact.
    return contactJson(contact, baseUrl(ctx, req), ctx.dir.accountId);
  });

  app.get(`${BOOK}/:contactId`, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!route || !ext) return reply;
    const contact = ctx.dir.contacts.find((c) => c.ownerId === ext.id && c.id === route.params.contactId);
    return contact ? contactJson(contact, baseUrl(ctx, req), ctx.dir.accountId) : rcErrors.notFound(reply, "contactId");
  });

  app.delete(`${BOOK}/:contactId`, async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const ext = route && resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!route || !ext) return reply;
    const index = ctx.dir.contacts.findIndex((c) => c.ownerId === ext.id && c.id === route.params.contactId);
    if (index < 0) return rcErrors.notFound(reply, "contactId");
    ctx.dir.contacts.splice(index, 1);
    return reply.code(204).send();
  });
}
