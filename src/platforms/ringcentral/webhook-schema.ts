import { z } from "zod";

/**
 * Zod schemas for the RingCentral subscription notifications we consume (platforms/ringcentral.md §2).
 * Liberal on fields we never read (loose objects, optional), strict on the ones map.ts relies on.
 */

/** Id typing is inconsistent across RingCentral samples (the DND sample sends numbers), so accept both. */
export const rcIdSchema = z.union([z.string().min(1), z.number().int()]).transform((value) => String(value));

/** `sequence` is int64; a string form is accepted in case a large value is ever sent quoted. */
const sequenceSchema = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/** The envelope every notification shares: `{uuid, event, timestamp, subscriptionId, ownerId, body}`. */
export const envelopeSchema = z.looseObject({
  uuid: z.string().min(1),
  event: z.string().min(1),
  timestamp: z.string().optional(),
  // Missing in some official samples (the DND sample has no subscriptionId).
  subscriptionId: z.string().optional(),
  ownerId: rcIdSchema.optional(),
  // The renewal-reminder body is UNCONFIRMED; anything (or nothing) is accepted here and checked per event.
  body: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

const partyEndSchema = z.looseObject({
  phoneNumber: z.string().optional(),
  name: z.string().optional(),
  extensionId: rcIdSchema.optional(),
  deviceId: rcIdSchema.optional(),
});

export const telephonyPartySchema = z.looseObject({
  id: z.string().min(1),
  accountId: rcIdSchema.optional(),
  // Absent for PSTN parties.
  extensionId: rcIdSchema.optional(),
  direction: z.enum(["Inbound", "Outbound"]),
  from: partyEndSchema.optional(),
  to: partyEndSchema.optional(),
  // `code` stays a string: the spec and the voice guide spell some codes differently (map.ts normalises).
  status: z.looseObject({ code: z.string().min(1), reason: z.string().optional() }),
  missedCall: z.boolean().optional(),
  queueCall: z.boolean().optional(),
  recordings: z.array(z.looseObject({ id: z.string().optional(), active: z.boolean().optional() })).optional(),
});
export type TelephonyParty = z.infer<typeof telephonyPartySchema>;

export const telephonyBodySchema = z.looseObject({
  sequence: sequenceSchema,
  sessionId: rcIdSchema.optional(),
  telephonySessionId: z.string().min(1),
  serverId: z.string().optional(),
  eventTime: z.string().optional(),
  // Some samples also carry these at body level (the APNS-wrapped account sample).
  accountId: rcIdSchema.optional(),
  extensionId: rcIdSchema.optional(),
  origin: z.looseObject({ type: z.string().optional() }).optional(),
  parties: z.array(telephonyPartySchema).min(1),
});
export type TelephonyBody = z.infer<typeof telephonyBodySchema>;

export const userStatusSchema = z.enum(["Offline", "Busy", "Available"]);
export const dndStatusSchema = z.enum([
  "TakeAllCalls",
  "DoNotAcceptDepartmentCalls",
  "TakeDepartmentCallsOnly",
  "DoNotAcceptAnyCalls",
  "Unknown",
]);

/** Simple, detailed (`?detailedTelephonyState=true`, `&sipData=true`) and DND-only presence bodies. */
export const presenceBodySchema = z.looseObject({
  // Optional because the extension id is also in the event path; map.ts requires one of the two.
  extensionId: rcIdSchema.optional(),
  sequence: sequenceSchema.optional(),
  userStatus: userStatusSchema.optional(),
  dndStatus: dndStatusSchema.optional(),
  presenceStatus: z.string().optional(),
  telephonyStatus: z.string().optional(),
  meetingStatus: z.string().optional(),
  totalActiveCalls: z.number().int().optional(),
  activeCalls: z.array(z.looseObject({})).optional(),
});
export type PresenceBody = z.infer<typeof presenceBodySchema>;
