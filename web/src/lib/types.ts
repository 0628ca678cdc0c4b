import { z } from "zod";
import type { CommandState } from "../../../src/commands/display-state.ts";

/**
 * Shapes the dashboard reads that src/api/contracts.ts does not export yet. The command type mirrors
 * src/api/commands.ts (which the browser build cannot import: it pulls in the server). The conversation, customer
 * and timeline schemas are for APIs being built in parallel: their exact fields are UNCONFIRMED, so each schema
 * accepts every plausible spelling and keeps unknown fields, and pages show what they find.
 */
export type CommandDto = {
  id: string;
  connectionId: string;
  platform: string;
  agentId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  status: "pending" | "running" | "succeeded" | "failed" | "dead" | "superseded";
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  externalId: string | null;
  cause: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  waitingUntil: string | null;
  waitingReason: string | null;
  /** What the command is doing, named for what it is (src/commands/display-state.ts). */
  state: CommandState;
};

/** How the sync log names a command's state: the server's own type (src/commands/display-state.ts). */
export type { CommandState };

export const COMMAND_STATUSES = ["pending", "running", "succeeded", "failed", "dead", "superseded"] as const;

/** The server's page shape (src/api/contracts.ts). */
export type { Page } from "../../../src/api/contracts.ts";

const text = z.string().nullable().optional();
const when = z.union([z.string(), z.number()]).nullable().optional();

const customerRef = z
  .looseObject({ id: text, platformId: text, name: text, email: text, phone: text })
  .nullable()
  .optional();

// Calls carry their details in `call` (src/api/conversations.ts); older answers kept them in `details`.
const callSchema = z.looseObject({
  direction: text,
  from: text,
  to: text,
  result: text,
  durationSec: z.number().nullable().optional(),
  answeredAt: text,
  recording: z
    .looseObject({ id: z.union([z.string(), z.number()]).optional(), contentUri: text, url: text })
    .nullable()
    .optional(),
});

export const conversationSchema = z.looseObject({
  id: z.string(),
  platform: z.string().default(""),
  channel: z.string().default(""),
  status: z.string().default(""),
  externalId: text,
  connectionId: text,
  agentId: text,
  agentName: text,
  customerId: text,
  customer: customerRef,
  startedAt: when,
  endedAt: when,
  call: callSchema.nullable().optional(),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
  messageCount: z.number().nullable().optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const messageSchema = z.looseObject({
  id: z.string(),
  authorType: z.string().default(""),
  authorId: text,
  authorName: text,
  text: z.string().default(""),
  private: z.boolean().default(false),
  at: when,
});
export type Message = z.infer<typeof messageSchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.union([
    z
      .object({ items: z.array(item), nextCursor: z.string().nullable().optional() })
      .transform((p) => ({ items: p.items, nextCursor: p.nextCursor ?? null })),
    z.array(item).transform((items) => ({ items, nextCursor: null })),
  ]);

const identitySchema = z.looseObject({
  kind: z.string().optional(),
  type: z.string().optional(),
  value: z.string().optional(),
  platform: text,
  verified: z.boolean().optional(),
});

export const customerSchema = z.looseObject({
  id: z.string(),
  name: text,
  displayName: text,
  emails: z.array(z.string()).optional(),
  phones: z.array(z.string()).optional(),
  email: text,
  phone: text,
  identities: z.array(identitySchema).optional(),
  createdAt: when,
  updatedAt: when,
  lastSeenAt: when,
});
export type Customer = z.infer<typeof customerSchema>;

/** A timeline entry is a conversation with its messages (src/api/customers.ts); other spellings are accepted. */
export const timelineEntrySchema = conversationSchema.partial({ id: true }).extend({
  kind: z.string().optional(),
  type: z.string().optional(),
  at: when,
  agentName: text,
  summary: text,
  conversationId: text,
  durationSec: z.number().nullable().optional(),
  result: text,
  recordingUrl: text,
  messages: z.array(messageSchema).optional(),
  conversation: conversationSchema.optional(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.union([
  z
    .looseObject({
      items: z.array(timelineEntrySchema),
      customer: customerSchema.optional(),
      nextCursor: z.string().nullable().optional(),
    })
    .transform((t) => ({ customer: t.customer, items: t.items })),
  z
    .object({ entries: z.array(timelineEntrySchema), customer: customerSchema.optional() })
    .transform((t) => ({ customer: t.customer, items: t.entries })),
  z
    .object({ timeline: z.array(timelineEntrySchema), customer: customerSchema.optional() })
    .transform((t) => ({ customer: t.customer, items: t.timeline })),
  z.array(timelineEntrySchema).transform((items) => ({ customer: undefined, items })),
]);

export function customerName(c: {
  name?: string | null;
  displayName?: string | null;
  email?: string | null;
  emails?: string[];
  phone?: string | null;
  phones?: string[];
  id?: string | null;
}): string {
  return c.name || c.displayName || c.email || c.emails?.[0] || c.phone || c.phones?.[0] || c.id || "Unknown customer";
}
