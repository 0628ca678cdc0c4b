import type { z } from "zod";
import { seg } from "../platforms/ringcentral/client-support.ts";
import type { Call } from "../platforms/ringcentral/endpoints.ts";
import type { RateGroup } from "../platforms/ringcentral/rate-limiter.ts";
import * as s from "./schemas.ts";

/**
 * Every RingCentral admin call as data: the spec's operationId, method, path, usage-plan group
 * (`x-throttling-group`) and response schema. The hub's routes, dry runs, plan/apply and jobs all build their
 * requests here, and RingcentralClient.send() sends them through the shared rate budget.
 */
export type AdminCall<T = unknown> = Call<T> & { operation: string };

/** What a dry run or a plan shows: exactly what would be sent. */
export type RequestDescription = {
  operation: string;
  method: Call<unknown>["method"];
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
  group: RateGroup;
};

const A = "/restapi/v1.0/account/~";
const V2 = "/restapi/v2/accounts/~";

function make<T>(
  operation: string,
  method: Call<T>["method"],
  path: string,
  group: RateGroup,
  schema: z.ZodType<T>,
  extra: { query?: Call<T>["query"]; body?: unknown } = {},
): AdminCall<T> {
  // Admin traffic leaves the last quarter of each group to agents' presence changes (the sync engine).
  return { operation, method, path, group, schema, priority: "messaging", ...extra };
}

export type ListQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

export const adminCalls = {
  listExtensions: (query: ListQuery = {}) =>
    make("listExtensions", "GET", `${A}/extension`, "Medium", s.extensionListSchema, { query }),
  readExtension: (extId: string) =>
    make("readExtension", "GET", `${A}/extension/${seg(extId)}`, "Light", s.extensionInfoSchema),
  createExtension: (body: z.infer<typeof s.extensionCreateSchema>) =>
    make("createExtension", "POST", `${A}/extension`, "Medium", s.extensionInfoSchema, { body }),
  updateExtension: (extId: string, body: z.infer<typeof s.extensionUpdateSchema>) =>
    make("updateExtension", "PUT", `${A}/extension/${seg(extId)}`, "Medium", s.extensionInfoSchema, { body }),
  deleteExtension: (extId: string) =>
    make("deleteExtension", "DELETE", `${A}/extension/${seg(extId)}`, "Medium", s.noContentSchema),

  listCallQueues: (query: ListQuery = {}) =>
    make("listCallQueues", "GET", `${A}/call-queues`, "Medium", s.queueListSchema, { query }),
  readCallQueueInfo: (groupId: string) =>
    make("readCallQueueInfo", "GET", `${A}/call-queues/${seg(groupId)}`, "Light", s.queueInfoSchema),
  updateCallQueueInfo: (groupId: string, body: z.infer<typeof s.queueUpdateSchema>) =>
    make("updateCallQueueInfo", "PUT", `${A}/call-queues/${seg(groupId)}`, "Light", s.queueInfoSchema, { body }),
  listCallQueueMembers: (groupId: string, query: ListQuery = {}) =>
    make("listCallQueueMembers", "GET", `${A}/call-queues/${seg(groupId)}/members`, "Light", s.queueMembersSchema, {
      query,
    }),
  assignMultipleCallQueueMembers: (groupId: string, body: z.infer<typeof s.bulkAssignSchema>) =>
    make(
      "assignMultipleCallQueueMembers",
      "POST",
      `${A}/call-queues/${seg(groupId)}/bulk-assign`,
      "Heavy",
      s.noContentSchema,
      { body },
    ),
  readCallQueuePresence: (groupId: string) =>
    make("readCallQueuePresence", "GET", `${A}/call-queues/${seg(groupId)}/presence`, "Light", s.queuePresenceSchema),
  updateCallQueuePresence: (groupId: string, body: z.infer<typeof s.queuePresenceUpdateSchema>) =>
    make(
      "updateCallQueuePresence",
      "PUT",
      `${A}/call-queues/${seg(groupId)}/presence`,
      "Medium",
      s.queuePresenceSchema,
      { body },
    ),
  getCallQueueOverflowSettings: (queueId: string) =>
    make(
      "getCallQueueOverflowSettings",
      "GET",
      `${A}/extension/${seg(queueId)}/overflow-settings`,
      "Heavy",
      s.overflowSchema,
    ),
  updateCallQueueOverflowSettings: (queueId: string, body: z.infer<typeof s.overflowUpdateSchema>) =>
    make(
      "updateCallQueueOverflowSettings",
      "PUT",
      `${A}/extension/${seg(queueId)}/overflow-settings`,
      "Heavy",
      s.overflowSchema,
      { body },
    ),

  readIvrMenuList: () => make("readIvrMenuList", "GET", `${A}/ivr-menus`, "Medium", s.ivrMenuListSchema),
  readIVRMenu: (menuId: string) =>
    make("readIVRMenu", "GET", `${A}/ivr-menus/${seg(menuId)}`, "Medium", s.ivrMenuSchema),
  createIVRMenu: (body: z.infer<typeof s.ivrMenuWriteSchema>) =>
    make("createIVRMenu", "POST", `${A}/ivr-menus`, "Heavy", s.ivrMenuSchema, { body }),
  updateIVRMenu: (menuId: string, body: z.infer<typeof s.ivrMenuWriteSchema>) =>
    make("updateIVRMenu", "PUT", `${A}/ivr-menus/${seg(menuId)}`, "Medium", s.ivrMenuSchema, { body }),
  listIvrPrompts: () => make("listIvrPrompts", "GET", `${A}/ivr-prompts`, "Medium", s.promptListSchema),
  readIVRPrompt: (promptId: string) =>
    make("readIVRPrompt", "GET", `${A}/ivr-prompts/${seg(promptId)}`, "Medium", s.promptSchema),
  /** multipart/form-data: `attachment` (the audio) and optional `name`. */
  createIVRPrompt: (body: FormData) =>
    make("createIVRPrompt", "POST", `${A}/ivr-prompts`, "Heavy", s.promptSchema, { body }),
  updateIVRPrompt: (promptId: string, body: z.infer<typeof s.promptUpdateSchema>) =>
    make("updateIVRPrompt", "PUT", `${A}/ivr-prompts/${seg(promptId)}`, "Medium", s.promptSchema, { body }),

  listAccountPhoneNumbers: (query: ListQuery = {}) =>
    make("listAccountPhoneNumbers", "GET", `${A}/phone-number`, "Heavy", s.companyNumberListSchema, { query }),
  readAccountPhoneNumber: (numberId: string) =>
    make("readAccountPhoneNumber", "GET", `${A}/phone-number/${seg(numberId)}`, "Light", s.companyNumberSchema),
  listExtensionPhoneNumbers: (extId: string) =>
    make(
      "listExtensionPhoneNumbers",
      "GET",
      `${A}/extension/${seg(extId)}/phone-number`,
      "Light",
      s.companyNumberListSchema,
    ),
  listAccountPhoneNumbersV2: (query: ListQuery = {}) =>
    make("listAccountPhoneNumbersV2", "GET", `${V2}/phone-numbers`, "Heavy", s.accountNumberListSchema, { query }),
  /** Assigns, reassigns, or releases (usageType CompanyNumber, no extension) a number. */
  assignPhoneNumberV2: (numberId: string, body: z.infer<typeof s.assignNumberSchema>) =>
    make("assignPhoneNumberV2", "PATCH", `${V2}/phone-numbers/${seg(numberId)}`, "Medium", s.companyNumberSchema, {
      body,
    }),

  readCompanyBusinessHours: () =>
    make("readCompanyBusinessHours", "GET", `${A}/business-hours`, "Light", s.hoursSchema),
  updateCompanyBusinessHours: (body: z.infer<typeof s.businessHoursSchema>) =>
    make("updateCompanyBusinessHours", "PUT", `${A}/business-hours`, "Medium", s.hoursSchema, { body }),
  readUserBusinessHours: (extId: string) =>
    make("readUserBusinessHours", "GET", `${A}/extension/${seg(extId)}/business-hours`, "Light", s.hoursSchema),
  updateUserBusinessHours: (extId: string, body: z.infer<typeof s.businessHoursSchema>) =>
    make("updateUserBusinessHours", "PUT", `${A}/extension/${seg(extId)}/business-hours`, "Medium", s.hoursSchema, {
      body,
    }),
  listCompanyAnsweringRules: () =>
    make("listCompanyAnsweringRules", "GET", `${A}/answering-rule`, "Medium", s.ruleListSchema),
  createCompanyAnsweringRule: (body: z.infer<typeof s.answeringRuleSchema>) =>
    make("createCompanyAnsweringRule", "POST", `${A}/answering-rule`, "Medium", s.ruleSchema, { body }),
  listAnsweringRules: (extId: string) =>
    make("listAnsweringRules", "GET", `${A}/extension/${seg(extId)}/answering-rule`, "Medium", s.ruleListSchema),
  createAnsweringRule: (extId: string, body: z.infer<typeof s.answeringRuleSchema>) =>
    make("createAnsweringRule", "POST", `${A}/extension/${seg(extId)}/answering-rule`, "Medium", s.ruleSchema, {
      body,
    }),

  readCompanyCallLog: (query: ListQuery = {}) =>
    make("readCompanyCallLog", "GET", `${A}/call-log`, "Heavy", s.callLogPageSchema, { query }),
  readUserCallLog: (extId: string, query: ListQuery = {}) =>
    make("readUserCallLog", "GET", `${A}/extension/${seg(extId)}/call-log`, "Heavy", s.callLogPageSchema, { query }),
  analyticsCallsAggregationFetch: (body: unknown, query: ListQuery = {}) =>
    make(
      "analyticsCallsAggregationFetch",
      "POST",
      "/analytics/calls/v1/accounts/~/aggregation/fetch",
      "Light",
      s.noContentSchema,
      { body, query },
    ),
};

export type AdminCallName = keyof typeof adminCalls;

/** The request as a dry run or a plan shows it (FormData bodies as their field names and sizes). */
export function describeCall(call: AdminCall): RequestDescription {
  const out: RequestDescription = {
    operation: call.operation,
    method: call.method,
    path: call.path,
    group: call.group,
  };
  const query = Object.fromEntries(Object.entries(call.query ?? {}).filter(([, v]) => v !== undefined));
  if (Object.keys(query).length > 0) out.query = query;
  if (call.body instanceof FormData) {
    out.body = Object.fromEntries(
      [...call.body.entries()].map(([k, v]) => [
        k,
        typeof v === "string" ? v : `<${v.type || "file"}, ${v.size} bytes>`,
      ]),
    );
  } else if (call.body !== undefined) {
    out.body = call.body;
  }
  return out;
}
