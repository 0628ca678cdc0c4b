import { z } from "zod";

/**
 * RingCentral's own request and response shapes for the admin resources (rc-public-openapi.yml): requests are
 * checked before anything is sent; responses are parsed loosely (the fields we read are typed, the rest kept), so
 * an integrator sees exactly what RingCentral answered.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const extensionNumber = z.string().regex(/^\d{3,8}$/, "3 to 8 digits");
export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM");

export const timeIntervalSchema = z.object({ from: time, to: time });
/** WeeklyScheduleInfo. */
export const weeklyRangesSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(timeIntervalSchema).max(10).optional()])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodOptional<z.ZodArray<typeof timeIntervalSchema>>
  >,
);
export type WeeklyRanges = z.infer<typeof weeklyRangesSchema>;

const page = z.looseObject({
  page: z.number().optional(),
  perPage: z.number().optional(),
  totalPages: z.number().optional(),
  totalElements: z.number().optional(),
});
const navigation = z.looseObject({ nextPage: z.looseObject({ uri: z.string() }).optional() });
const listOf = <T extends z.ZodType>(record: T) =>
  z.looseObject({
    uri: z.string().optional(),
    records: z.array(record),
    paging: page.optional(),
    navigation: navigation.optional(),
  });

// ---- requests ----

const contact = z.looseObject({
  firstName: z.string().min(1).max(64).optional(),
  lastName: z.string().max(64).optional(),
  email: z.email().max(128).optional(),
  businessPhone: z.string().max(32).optional(),
});
/** ExtensionCreationRequest (the common fields; others pass through). */
export const extensionCreateSchema = z.looseObject({
  contact: contact.optional(),
  extensionNumber: extensionNumber.optional(),
  type: z.enum([
    "User",
    "VirtualUser",
    "DigitalUser",
    "FlexibleUser",
    "Department",
    "Announcement",
    "Voicemail",
    "SharedLinesGroup",
    "PagingOnly",
    "ParkLocation",
    "Limited",
  ]),
  status: z.enum(["Enabled", "Disabled", "Frozen", "NotActivated", "Unassigned"]).optional(),
  name: z.string().max(64).optional(),
});
/** ExtensionUpdateRequest. */
export const extensionUpdateSchema = z.looseObject({
  status: z.enum(["Enabled", "Disabled", "Frozen", "NotActivated"]).optional(),
  extensionNumber: extensionNumber.optional(),
  contact: contact.optional(),
  callQueueInfo: z
    .looseObject({
      slaGoal: z.number().int().min(0).max(100).optional(),
      slaThresholdSeconds: z.number().int().min(0).optional(),
      includeAbandonedCalls: z.boolean().optional(),
      abandonedThresholdSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
});
/** CallQueueDetailsForUpdate. */
export const queueUpdateSchema = z.looseObject({
  extensionNumber: extensionNumber.optional(),
  name: z.string().min(1).max(64).optional(),
  status: z.enum(["Enabled", "Disabled", "NotActivated", "Unassigned"]).optional(),
  serviceLevelSettings: z
    .looseObject({
      slaGoal: z.number().int().min(0).max(100).optional(),
      slaThresholdSeconds: z.number().int().min(0).optional(),
      includeAbandonedCalls: z.boolean().optional(),
      abandonedThresholdSeconds: z.number().int().min(0).optional(),
    })
    .optional(),
  editableMemberStatus: z.boolean().optional(),
  alertTimer: z
    .union([5, 10, 15, 20, 30, 45, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600].map((n) => z.literal(n)))
    .optional(),
});
const extensionIds = z.array(z.string().regex(/^\d{1,20}$/)).max(1000);
/** CallQueueBulkAssignResource. */
export const bulkAssignSchema = z.looseObject({
  addedExtensionIds: extensionIds.optional(),
  removedExtensionIds: extensionIds.optional(),
});
/** CallQueueUpdatePresence. */
export const queuePresenceUpdateSchema = z.looseObject({
  records: z
    .array(
      z.looseObject({ member: z.looseObject({ id: z.string() }), acceptCurrentQueueCalls: z.boolean().optional() }),
    )
    .max(1000),
});
/** CallQueueOverflowSettingsRequestResource. */
export const overflowUpdateSchema = z.looseObject({
  enabled: z.boolean().optional(),
  items: z
    .array(z.looseObject({ id: z.string() }))
    .max(50)
    .optional(),
});
export const IVR_INPUTS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "Hash", "Star", "NoInput"] as const;
export const IVR_ACTIONS = [
  "Connect",
  "Voicemail",
  "DialByName",
  "Transfer",
  "Repeat",
  "ReturnToRoot",
  "ReturnToPrevious",
  "Disconnect",
  "ReturnToTopLevelMenu",
  "DoNothing",
  "ConnectToOperator",
  "TransferToContactCenterNumber",
  "ConnectToIncomingCallRoutingSelection",
] as const;
/** IvrMenuInfoCreate / IvrMenuInfoUpdate. */
export const ivrMenuWriteSchema = z.looseObject({
  name: z.string().min(1).max(64).optional(),
  extensionNumber: extensionNumber.optional(),
  promptRepeatCount: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  prompt: z
    .looseObject({
      mode: z.enum(["Audio", "TextToSpeech"]),
      text: z.string().max(1000).optional(),
      audio: z.looseObject({ id: z.string() }).optional(),
    })
    .optional(),
  actions: z
    .array(
      z.looseObject({
        input: z.enum(IVR_INPUTS),
        action: z.enum(IVR_ACTIONS),
        extension: z.looseObject({ id: z.string() }).optional(),
        phoneNumber: z.string().max(32).optional(),
      }),
    )
    .max(IVR_INPUTS.length)
    .optional(),
});
/** UpdateIVRPromptRequest. */
export const promptUpdateSchema = z.looseObject({ filename: z.string().min(1).max(255) });
/** AssignPhoneNumberRequest (v2). */
export const assignNumberSchema = z.looseObject({
  usageType: z.enum(["MainCompanyNumber", "CompanyNumber", "DirectNumber", "ContactCenterNumber"]),
  type: z.enum(["VoiceFax", "VoiceOnly", "FaxOnly"]).optional(),
  extension: z.looseObject({ id: z.string() }).optional(),
});
/** CompanyBusinessHoursUpdateRequest / UserBusinessHoursUpdateRequest. */
export const businessHoursSchema = z.looseObject({ schedule: z.looseObject({ weeklyRanges: weeklyRangesSchema }) });
/** CreateAnsweringRuleRequest / CompanyAnsweringRuleRequest (type-checked core, the rest passes through). */
export const answeringRuleSchema = z.looseObject({
  name: z.string().min(1).max(64).optional(),
  type: z.enum(["BusinessHours", "AfterHours", "Custom"]).optional(),
  enabled: z.boolean().optional(),
});

// ---- responses ----

export const extensionInfoSchema = z.looseObject({
  id,
  extensionNumber: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
});
export const extensionListSchema = listOf(extensionInfoSchema);
export const queueInfoSchema = z.looseObject({
  id,
  extensionNumber: z.string().optional(),
  name: z.string().optional(),
  status: z.string().optional(),
});
export const queueListSchema = listOf(queueInfoSchema);
export const queueMembersSchema = listOf(z.looseObject({ id, extensionNumber: z.string().optional() }));
export const queuePresenceSchema = z.looseObject({
  records: z.array(
    z.looseObject({
      member: z.looseObject({ id, name: z.string().optional(), extensionNumber: z.string().optional() }),
      acceptQueueCalls: z.boolean().optional(),
      acceptCurrentQueueCalls: z.boolean().optional(),
    }),
  ),
});
export const overflowSchema = z.looseObject({
  enabled: z.boolean().optional(),
  items: z.array(queueInfoSchema).optional(),
});
export const ivrMenuListSchema = z.looseObject({
  records: z.array(z.looseObject({ id, name: z.string().optional(), extensionNumber: z.string().optional() })),
});
export const ivrMenuSchema = z.looseObject({
  id,
  name: z.string().optional(),
  extensionNumber: z.string().optional(),
  promptRepeatCount: z.number().optional(),
  prompt: z
    .looseObject({ mode: z.string(), text: z.string().optional(), audio: z.looseObject({ id }).optional() })
    .optional(),
  actions: z
    .array(
      z.looseObject({
        input: z.string(),
        action: z.string(),
        extension: z.looseObject({ id }).optional(),
        phoneNumber: z.string().optional(),
      }),
    )
    .optional(),
});
export const promptSchema = z.looseObject({ id, filename: z.string().optional(), contentType: z.string().optional() });
export const promptListSchema = listOf(promptSchema);
export const companyNumberSchema = z.looseObject({
  id,
  phoneNumber: z.string(),
  usageType: z.string().optional(),
  extension: z.looseObject({ id, extensionNumber: z.string().optional() }).optional(),
});
export const companyNumberListSchema = listOf(companyNumberSchema);
/** AccountPhoneNumberList (v2). */
export const accountNumberListSchema = z.looseObject({
  records: z.array(companyNumberSchema),
  paging: page.optional(),
});
export const hoursSchema = z.looseObject({
  schedule: z.looseObject({ weeklyRanges: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export const ruleSchema = z.looseObject({ id, name: z.string().optional(), type: z.string().optional() });
export const ruleListSchema = listOf(ruleSchema);
export const callLogRecordSchema = z.looseObject({
  id: z.string(),
  startTime: z.string(),
  duration: z.number().optional(),
  direction: z.string().optional(),
  result: z.string().optional(),
});
export const callLogPageSchema = listOf(callLogRecordSchema);
export const noContentSchema = z.unknown();
