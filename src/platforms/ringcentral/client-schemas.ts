import { z } from "zod";
import { dndStatusSchema, rcIdSchema, userStatusSchema } from "./webhook-schema.ts";

/**
 * Response schemas for the REST calls RingcentralClient makes (rc-public-openapi.yml, platforms/ringcentral.md
 * §3). Loose objects: RingCentral adds fields freely; we insist only on what callers use.
 */

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().optional(),
  scope: z.string().optional(),
  owner_id: z.string().optional(),
  session_id: z.string().optional(),
});
export type TokenInfo = z.infer<typeof tokenSchema>;

const pagingSchema = z.looseObject({
  page: z.number().int().optional(),
  perPage: z.number().int().optional(),
  totalPages: z.number().int().optional(),
  totalElements: z.number().int().optional(),
});
const navigationSchema = z.looseObject({ nextPage: z.looseObject({ uri: z.string() }).optional() });

const pageOf = <T extends z.ZodType>(record: T) =>
  z.looseObject({
    uri: z.string().optional(),
    records: z.array(record),
    paging: pagingSchema.optional(),
    navigation: navigationSchema.optional(),
  });

export const presenceSchema = z.looseObject({
  uri: z.string().optional(),
  extension: z.looseObject({ id: rcIdSchema.optional(), extensionNumber: z.string().optional() }).optional(),
  userStatus: userStatusSchema.optional(),
  dndStatus: dndStatusSchema.optional(),
  presenceStatus: z.string().optional(),
  telephonyStatus: z.string().optional(),
  activeCalls: z.array(z.looseObject({ telephonySessionId: z.string().optional() })).optional(),
});
export type Presence = z.infer<typeof presenceSchema>;

const callPartyEndSchema = z.looseObject({
  phoneNumber: z.string().optional(),
  name: z.string().optional(),
  extensionId: rcIdSchema.optional(),
  extensionNumber: z.string().optional(),
});

export const callSessionSchema = z.looseObject({
  id: z.string().min(1),
  creationTime: z.string().optional(),
  origin: z.looseObject({ type: z.string().optional() }).optional(),
  parties: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        extensionId: rcIdSchema.optional(),
        direction: z.enum(["Inbound", "Outbound"]).optional(),
        status: z.looseObject({ code: z.string() }).optional(),
        from: callPartyEndSchema.optional(),
        to: callPartyEndSchema.optional(),
      }),
    )
    .default([]),
});
export type CallSession = z.infer<typeof callSessionSchema>;

export const callLogRecordSchema = z.looseObject({
  id: z.string().min(1),
  uri: z.string().optional(),
  sessionId: z.string().optional(),
  telephonySessionId: z.string().optional(),
  partyId: z.string().optional(),
  startTime: z.string(),
  duration: z.number().optional(),
  durationMs: z.number().optional(),
  type: z.string().optional(),
  direction: z.string().optional(),
  action: z.string().optional(),
  result: z.string().optional(),
  reason: z.string().optional(),
  from: callPartyEndSchema.optional(),
  to: callPartyEndSchema.optional(),
  recording: z
    .looseObject({ id: z.string(), uri: z.string().optional(), type: z.string().optional(), contentUri: z.string() })
    .optional(),
});
export type CallLogRecord = z.infer<typeof callLogRecordSchema>;
export const callLogPageSchema = pageOf(callLogRecordSchema);
export type CallLogPage = z.infer<typeof callLogPageSchema>;

export const conversationSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  creationTime: z.string().optional(),
  lastModifiedTime: z.string().optional(),
  members: z.array(z.looseObject({ id: rcIdSchema })).optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

export const postSchema = z.looseObject({
  id: z.string().min(1),
  groupId: z.string().optional(),
  type: z.string().optional(),
  text: z.string().optional(),
  creatorId: z.string().optional(),
  creationTime: z.string().optional(),
  lastModifiedTime: z.string().optional(),
});
export type Post = z.infer<typeof postSchema>;

/** GetSMSMessageInfoResponse, the fields we read. */
export const smsMessageSchema = z.looseObject({
  id: rcIdSchema,
  messageStatus: z.string().optional(),
  direction: z.string().optional(),
  type: z.string().optional(),
});
export type SmsMessage = z.infer<typeof smsMessageSchema>;

export const extensionSchema = z.looseObject({
  id: rcIdSchema,
  uri: z.string().optional(),
  extensionNumber: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  contact: z
    .looseObject({
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      businessPhone: z.string().optional(),
    })
    .optional(),
});
export type Extension = z.infer<typeof extensionSchema>;
export const extensionPageSchema = pageOf(extensionSchema);
export type ExtensionPage = z.infer<typeof extensionPageSchema>;

export const contactSchema = z.looseObject({
  id: rcIdSchema,
  availability: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  email: z.string().optional(),
  businessPhone: z.string().optional(),
  mobilePhone: z.string().optional(),
  homePhone: z.string().optional(),
});
export type Contact = z.infer<typeof contactSchema>;
export const contactPageSchema = pageOf(contactSchema);
export type ContactPage = z.infer<typeof contactPageSchema>;

export const subscriptionSchema = z.looseObject({
  id: z.string().min(1),
  uri: z.string().optional(),
  status: z.string(),
  eventFilters: z.array(z.string()).default([]),
  creationTime: z.string().optional(),
  expirationTime: z.string().optional(),
  expiresIn: z.number().optional(),
  deliveryMode: z.looseObject({ transportType: z.string().optional(), address: z.string().optional() }).optional(),
  disabledFilters: z.array(z.looseObject({ filter: z.string().optional(), reason: z.string().optional() })).optional(),
  blacklistedData: z.looseObject({ reason: z.string().optional(), blacklistedAt: z.string().optional() }).optional(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
export const subscriptionListSchema = z.looseObject({
  uri: z.string().optional(),
  records: z.array(subscriptionSchema),
});

export const recordingSchema = z.object({ contentType: z.string(), bytes: z.instanceof(Uint8Array) });
export type Recording = z.infer<typeof recordingSchema>;
