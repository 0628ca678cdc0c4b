import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** One person across every platform: chats and calls link here through `conversations.customer_id`. */
export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    name: text("name"),
    /** Display copies of the first email / phone identity; matching reads `customer_identities`. */
    email: text("email"),
    phone: text("phone"),
    /** Set when merged into another customer: the row stays so old links and the audit trail resolve. */
    mergedInto: text("merged_into"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("customers_workspace_idx").on(t.workspaceId, t.id),
    index("customers_name_idx").on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

export const IDENTITY_KINDS = ["custom", "email", "phone", "platform"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/**
 * What a customer is known by: emails (lower-cased), phones (E.164), platform ids (scoped to their connection),
 * custom ids. A platform id or custom id belongs to one customer; emails and phones may be shared (families,
 * switchboards), which is what sends a case to the review queue instead of merging it.
 */
export const customerIdentities = pgTable(
  "customer_identities",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    customerId: text("customer_id").notNull(),
    kind: text("kind").$type<IdentityKind>().notNull(),
    /** The connection a platform id belongs to; '' for the other kinds. */
    scope: text("scope").notNull().default(""),
    platform: text("platform"),
    value: text("value").notNull(),
    verified: boolean("verified").notNull().default(false),
    /** event | manual | contact-sync */
    source: text("source").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customer_identities_owner_idx").on(t.customerId, t.kind, t.scope, t.value),
    uniqueIndex("customer_identities_exclusive_idx")
      .on(t.workspaceId, t.kind, t.scope, t.value)
      .where(sql`kind in ('platform', 'custom')`),
    index("customer_identities_lookup_idx").on(t.workspaceId, t.kind, t.value),
  ],
);

export const MATCH_STATUSES = ["pending", "approved", "rejected", "superseded"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/**
 * The review queue: two customers that may be one person. Approving merges `other` into `customer`; rejecting
 * keeps them apart for good (the pair is never proposed again).
 */
export const customerMatches = pgTable(
  "customer_matches",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    status: text("status").$type<MatchStatus>().notNull().default("pending"),
    customerId: text("customer_id").notNull(),
    otherCustomerId: text("other_customer_id").notNull(),
    /** custom_id_conflict | unverified_email | shared_email | shared_phone */
    reason: text("reason").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    /** Order-free key of the pair, so a pair is queued once and a rejection sticks. */
    pairKey: text("pair_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: text("decided_by"),
  },
  (t) => [
    uniqueIndex("customer_matches_pair_idx").on(t.workspaceId, t.pairKey),
    index("customer_matches_status_idx").on(t.workspaceId, t.status, t.id),
  ],
);
