import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/database.ts";
import { afterKey, afterPosition, cutPage, fetchSize } from "../db/keyset.ts";
import {
  conversations,
  customerIdentities,
  customerMatches,
  customers,
  IDENTITY_KINDS,
  MATCH_STATUSES,
  messages,
} from "../db/schema/index.ts";

type CustomerRow = typeof customers.$inferSelect;
type IdentityRow = typeof customerIdentities.$inferSelect;

export const identitySchema = z.object({
  id: z.string(),
  kind: z.enum(IDENTITY_KINDS),
  value: z.string(),
  /** The connection a platform id belongs to. */
  connectionId: z.string().nullable(),
  platform: z.string().nullable(),
  verified: z.boolean(),
  source: z.string(),
  createdAt: z.string(),
});

export const customerSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** Set when this record was merged into another: follow it. */
  mergedInto: z.string().nullable(),
  identities: z.array(identitySchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerDto = z.infer<typeof customerSchema>;

export const toIdentityDto = (i: IdentityRow): z.infer<typeof identitySchema> => ({
  id: i.id,
  kind: i.kind,
  value: i.value,
  connectionId: i.kind === "platform" ? i.scope : null,
  platform: i.platform,
  verified: i.verified,
  source: i.source,
  createdAt: i.createdAt.toISOString(),
});

export async function customerViews(db: DbOrTx, rows: CustomerRow[]): Promise<CustomerDto[]> {
  if (rows.length === 0) return [];
  const identities = await db
    .select()
    .from(customerIdentities)
    .where(
      inArray(
        customerIdentities.customerId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(customerIdentities.createdAt), asc(customerIdentities.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    mergedInto: row.mergedInto,
    identities: identities.filter((i) => i.customerId === row.id).map(toIdentityDto),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function findCustomer(db: DbOrTx, workspaceId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
  return row;
}

export type CustomerSearch = {
  q?: string;
  email?: string;
  phone?: string;
  name?: string;
  limit: number;
  cursor?: string;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Live customers (not merged away), newest first; every filter given must hold. */
export async function searchCustomers(db: DbOrTx, workspaceId: string, s: CustomerSearch): Promise<CustomerRow[]> {
  const holding = (kind: string, value: SQL) =>
    sql`exists (select 1 from ${customerIdentities} ci where ci.customer_id = ${customers.id} and ci.kind = ${kind} and ${value})`;
  const where: (SQL | undefined)[] = [eq(customers.workspaceId, workspaceId), isNull(customers.mergedInto)];
  if (s.email) where.push(holding("email", sql`ci.value = ${s.email}`));
  if (s.phone) where.push(holding("phone", sql`ci.value = ${s.phone}`));
  if (s.name) where.push(ilike(customers.name, `%${escapeLike(s.name)}%`));
  if (s.q) {
    const like = `%${escapeLike(s.q.toLowerCase())}%`;
    where.push(
      or(
        ilike(customers.name, like),
        sql`exists (select 1 from ${customerIdentities} ci where ci.customer_id = ${customers.id} and lower(ci.value) like ${like})`,
      ),
    );
  }
  where.push(afterKey(customers.id, s.cursor));
  return db
    .select()
    .from(customers)
    .where(and(...where))
    .orderBy(desc(customers.id))
    .limit(fetchSize(s.limit));
}

export const matchSchema = z.object({
  id: z.string(),
  status: z.enum(MATCH_STATUSES),
  customerId: z.string(),
  otherCustomerId: z.string(),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});

export const toMatchDto = (m: typeof customerMatches.$inferSelect): z.infer<typeof matchSchema> => ({
  id: m.id,
  status: m.status,
  customerId: m.customerId,
  otherCustomerId: m.otherCustomerId,
  reason: m.reason,
  evidence: m.evidence,
  createdAt: m.createdAt.toISOString(),
  decidedAt: m.decidedAt?.toISOString() ?? null,
  decidedBy: m.decidedBy,
});

/** One page of a customer's conversations in time order, each chat with its messages. */
export async function timelinePage(
  db: DbOrTx,
  input: {
    workspaceId: string;
    customerId: string;
    limit: number;
    after?: { at: Date; id: string };
    messagesPerChat: number;
  },
) {
  const { workspaceId, customerId, limit, after } = input;
  const rows = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.customerId, customerId),
        afterPosition(conversations.startedAt, conversations.id, after, "asc"),
      ),
    )
    .orderBy(asc(conversations.startedAt), asc(conversations.id))
    .limit(fetchSize(limit));
  const cut = cutPage(rows, limit, (r) => r.id);
  const pageRows = cut.rows;
  const chatIds = pageRows.filter((r) => r.channel === "chat").map((r) => r.id);
  const msgs = chatIds.length
    ? await db
        .select()
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.conversationId, chatIds)))
        .orderBy(asc(messages.at), asc(messages.id))
    : [];
  const counts = new Map<string, number>();
  const byConversation = new Map<string, typeof msgs>();
  for (const m of msgs) {
    counts.set(m.conversationId, (counts.get(m.conversationId) ?? 0) + 1);
    const list = byConversation.get(m.conversationId) ?? [];
    if (list.length < input.messagesPerChat) list.push(m);
    byConversation.set(m.conversationId, list);
  }
  return { rows: pageRows, hasMore: cut.nextCursor !== null, messages: byConversation, messageCounts: counts };
}

export async function pendingMatchCount(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customerMatches)
    .where(and(eq(customerMatches.workspaceId, workspaceId), eq(customerMatches.status, "pending")));
  return row?.n ?? 0;
}
