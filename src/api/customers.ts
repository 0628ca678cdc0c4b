import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type Actor,
  addManualIdentity,
  createCustomer,
  mergeByHand,
  normaliseManual,
  removeIdentity,
  renameCustomer,
  splitByHand,
} from "../customers/actions.ts";
import { normaliseEmail, normalisePhone } from "../customers/identities.ts";
import { CustomerOpError } from "../customers/merge.ts";
import { customerSchema, customerViews, findCustomer, searchCustomers, timelinePage } from "../customers/views.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { idParams, listQuery, page } from "./contracts.ts";
import { conversationSchema, messageSchema, toConversationDto, toMessageDto } from "./conversations.ts";
import { cutPage, timeCursor } from "./pagination.ts";

const manualIdentity = z.object({
  kind: z.enum(["custom", "email", "phone"]),
  value: z.string().trim().min(1).max(320),
  verified: z.boolean().optional(),
});
const timelineItem = conversationSchema.extend({ messages: z.array(messageSchema), messageCount: z.number() });
const MESSAGES_PER_CHAT = 500;

/** Domain failures of the customer operations, as the API's error envelope. */
export async function runCustomerOp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CustomerOpError) throw new ApiError(error.code, error.message);
    throw error;
  }
}

/** Customers: search, identities, merge and split by hand, and one timeline across chats and calls. */
export async function customerRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["customers"];
  const db = deps.database.db;
  const region = deps.config.DEFAULT_PHONE_REGION;
  const who = (req: Parameters<typeof principalOf>[0]): Actor => ({
    workspaceId: principalOf(req).workspaceId,
    actor: principalOf(req).actor,
  });
  const view = async (workspaceId: string, id: string) => {
    const row = await findCustomer(db, workspaceId, id);
    if (!row) throw notFound("customer");
    const [dto] = await customerViews(db, [row]);
    if (!dto) throw notFound("customer");
    return dto;
  };

  r.get(
    "/api/customers",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Search customers by email, phone (any format; compared as E.164), name, or free text",
        querystring: listQuery.extend({
          q: z.string().trim().min(1).optional(),
          email: z.string().optional(),
          phone: z.string().optional(),
          name: z.string().trim().min(1).optional(),
        }),
        response: { 200: page(customerSchema) },
      },
    },
    async (req) => {
      const { limit, cursor, q, name } = req.query;
      const email =
        req.query.email === undefined
          ? undefined
          : (normaliseEmail(req.query.email) ?? req.query.email.trim().toLowerCase());
      const phone =
        req.query.phone === undefined ? undefined : (normalisePhone(req.query.phone, region) ?? req.query.phone.trim());
      const rows = await searchCustomers(db, principalOf(req).workspaceId, { q, email, phone, name, limit, cursor });
      const cut = cutPage(rows, limit, (r) => r.id);
      return { items: await customerViews(db, cut.rows), nextCursor: cut.nextCursor };
    },
  );

  r.post(
    "/api/customers",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Create a customer by hand",
        body: z.object({
          name: z.string().trim().min(1).max(200).optional(),
          identities: z.array(manualIdentity).max(20).default([]),
        }),
        response: { 201: customerSchema },
      },
    },
    async (req, reply) => {
      const id = await runCustomerOp(() =>
        createCustomer(db, who(req), {
          name: req.body.name,
          identities: req.body.identities.map((i) => normaliseManual(i, region)),
        }),
      );
      return reply.code(201).send(await view(principalOf(req).workspaceId, id));
    },
  );

  r.get(
    "/api/customers/:id",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "One customer with every identity (a merged one names the customer it lives on as)",
        params: idParams,
        response: { 200: customerSchema },
      },
    },
    async (req) => view(principalOf(req).workspaceId, req.params.id),
  );

  r.patch(
    "/api/customers/:id",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Rename a customer",
        params: idParams,
        body: z.object({ name: z.string().trim().min(1).max(200) }),
        response: { 200: customerSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      await view(p.workspaceId, req.params.id);
      await renameCustomer(db, who(req), req.params.id, req.body.name);
      return view(p.workspaceId, req.params.id);
    },
  );

  r.post(
    "/api/customers/:id/identities",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Add an email, phone or custom id by hand (a custom id held by another customer is a conflict)",
        params: idParams,
        body: manualIdentity,
        response: { 200: customerSchema },
      },
    },
    async (req) => {
      await runCustomerOp(() => addManualIdentity(db, who(req), req.params.id, normaliseManual(req.body, region)));
      return view(principalOf(req).workspaceId, req.params.id);
    },
  );

  r.delete(
    "/api/customers/:id/identities/:identityId",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Remove an identity (the customer is no longer matched by it)",
        params: z.object({ id: z.string().max(64), identityId: z.string().max(64) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await view(principalOf(req).workspaceId, req.params.id);
      await runCustomerOp(() => removeIdentity(db, who(req), req.params.id, req.params.identityId));
      return reply.code(204).send(null);
    },
  );

  r.post(
    "/api/customers/:id/merge",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Merge another customer into this one (identities, conversations, open reviews)",
        params: idParams,
        body: z.object({ customerId: z.string().max(64) }),
        response: { 200: customerSchema },
      },
    },
    async (req) => {
      await runCustomerOp(() => mergeByHand(db, who(req), req.params.id, req.body.customerId));
      return view(principalOf(req).workspaceId, req.params.id);
    },
  );

  r.post(
    "/api/customers/:id/split",
    {
      onRequest: auth("supervisor"),
      schema: {
        tags,
        summary: "Move identities, and the conversations they brought, to a new customer",
        params: idParams,
        body: z.object({ identityIds: z.array(z.string().max(64)).min(1).max(100) }),
        response: { 201: customerSchema },
      },
    },
    async (req, reply) => {
      const id = await runCustomerOp(() => splitByHand(db, who(req), req.params.id, req.body.identityIds, region));
      return reply.code(201).send(await view(principalOf(req).workspaceId, id));
    },
  );

  r.get(
    "/api/customers/:id/timeline",
    {
      onRequest: auth("agent"),
      schema: {
        tags,
        summary: "Chats and calls on every platform in time order, with messages and call details",
        params: idParams,
        querystring: listQuery,
        response: { 200: page(timelineItem) },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const customer = await view(p.workspaceId, req.params.id);
      const { limit, cursor } = req.query;
      const t = await timelinePage(db, {
        workspaceId: p.workspaceId,
        customerId: customer.id,
        limit,
        after: cursor ? timeCursor.decode(cursor) : undefined,
        messagesPerChat: MESSAGES_PER_CHAT,
      });
      const items = t.rows.map((row) => ({
        ...toConversationDto(row),
        messages: (t.messages.get(row.id) ?? []).map(toMessageDto),
        messageCount: t.messageCounts.get(row.id) ?? 0,
      }));
      const last = t.rows.at(-1);
      return { items, nextCursor: t.hasMore && last ? timeCursor.encode(last.startedAt, last.id) : null };
    },
  );
}
