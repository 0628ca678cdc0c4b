import type { FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type AdminCall, adminCalls as c } from "../../admin/calls.ts";
import { openTarget, platformApiError, sendCall } from "../../admin/gateway.ts";
import * as s from "../../admin/schemas.ts";
import type { Deps } from "../../deps.ts";
import { principalOf } from "../../http/auth.ts";
import type { RouteContext } from "../../http/routes.ts";

import { handleWrite, retryAfter, type WriteSpec } from "./write.ts";

/** `/api/ringcentral/:connectionId` + RingCentral's own path: the admin API mirrors the vendor's resources. */
export const RC_PREFIX = "/api/ringcentral/:connectionId";
export const V1 = `${RC_PREFIX}/restapi/v1.0/account/~`;
const V2 = `${RC_PREFIX}/restapi/v2/accounts/~`;
export const ADMIN_TAGS = ["ringcentral-admin"];

const id = z.string().regex(/^[\w~-]{1,40}$/);
export const cid = z.object({ connectionId: z.string().min(1).max(64) });
const withId = <K extends string>(key: K) => cid.extend({ [key]: id } as Record<K, typeof id>);
const paging = z.object({
  page: z.coerce.number().int().min(1).optional(),
  perPage: z.coerce.number().int().min(1).max(1000).optional(),
});
export const dryRunQuery = z.object({ dryRun: z.enum(["true", "false"]).optional() });
const listValue = z.union([z.string().max(64), z.array(z.string().max(64)).max(20)]).optional();

/** Sends a read and answers RingCentral's JSON as is (admin or supervisor). */
export async function answerRead(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  connectionId: string,
  call: AdminCall,
) {
  const target = await openTarget(deps, principalOf(req).workspaceId, connectionId);
  const result = await sendCall(target, call);
  if (!result.ok) {
    retryAfter(reply, result.error.retryAfterMs);
    throw platformApiError(result.error);
  }
  return reply.send(result.value);
}

/** The vendor-shaped resources: extensions, call queues, IVR, numbers, hours and answering rules. */
export async function rcAdminRoutes(ctx: RouteContext): Promise<void> {
  const { deps, auth } = ctx;
  const r = ctx.app.withTypeProvider<ZodTypeProvider>();
  const readRole = { preHandler: auth("supervisor") };
  const writeRole = { preHandler: auth("admin") };

  const read = <P extends z.ZodObject<{ connectionId: z.ZodString }>, Q extends z.ZodType>(
    path: string,
    summary: string,
    params: P,
    query: Q,
    build: (p: z.infer<P>, q: z.infer<Q>) => AdminCall,
  ) =>
    r.get(path, { ...readRole, schema: { tags: ADMIN_TAGS, summary, params, querystring: query } }, (req, reply) => {
      const p = params.parse(req.params);
      return answerRead(deps, req, reply, p.connectionId, build(p, query.parse(req.query)));
    });

  const write = <P extends z.ZodObject<{ connectionId: z.ZodString }>, B extends z.ZodType>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    summary: string,
    params: P,
    body: B | undefined,
    build: (p: z.infer<P>, b: z.infer<B>) => WriteSpec,
  ) =>
    r.route({
      method,
      url: path,
      ...writeRole,
      schema: {
        tags: ADMIN_TAGS,
        summary: `${summary} (Idempotency-Key required; ?dryRun=true shows the request without sending it)`,
        params,
        querystring: dryRunQuery,
        ...(body ? { body } : {}),
        headers: z.looseObject({ "idempotency-key": z.string().max(200).optional() }),
      },
      handler: (req, reply) => {
        const p = params.parse(req.params);
        const b = (body ? body.parse(req.body) : undefined) as z.infer<B>;
        return handleWrite(
          deps,
          req,
          reply,
          p.connectionId,
          () => build(p, b),
          dryRunQuery.parse(req.query).dryRun === "true",
        );
      },
    });

  // Extensions
  const extQuery = paging.extend({
    type: listValue,
    status: listValue,
    extensionNumber: z.string().max(8).optional(),
    email: listValue,
  });
  read(`${V1}/extension`, "List extensions (type, status filters)", cid, extQuery, (_p, q) => c.listExtensions(q));
  read(`${V1}/extension/:extensionId`, "Get an extension", withId("extensionId"), z.object({}), (p) =>
    c.readExtension(p.extensionId),
  );
  write(
    "POST",
    `${V1}/extension`,
    "Create an extension (type Department = a call queue)",
    cid,
    s.extensionCreateSchema,
    (_p, b) => ({
      call: c.createExtension(b),
    }),
  );
  write(
    "PUT",
    `${V1}/extension/:extensionId`,
    "Update an extension (status Disabled disables it)",
    withId("extensionId"),
    s.extensionUpdateSchema,
    (p, b) => ({
      call: c.updateExtension(p.extensionId, b),
      read: c.readExtension(p.extensionId),
    }),
  );
  write("DELETE", `${V1}/extension/:extensionId`, "Delete an extension", withId("extensionId"), undefined, (p) => ({
    call: c.deleteExtension(p.extensionId),
    read: c.readExtension(p.extensionId),
  }));

  // Call queues
  read(
    `${V1}/call-queues`,
    "List call queues",
    cid,
    paging.extend({ memberExtensionId: z.string().max(20).optional() }),
    (_p, q) => c.listCallQueues(q),
  );
  read(`${V1}/call-queues/:groupId`, "Get a call queue", withId("groupId"), z.object({}), (p) =>
    c.readCallQueueInfo(p.groupId),
  );
  write("PUT", `${V1}/call-queues/:groupId`, "Update a call queue", withId("groupId"), s.queueUpdateSchema, (p, b) => ({
    call: c.updateCallQueueInfo(p.groupId, b),
    read: c.readCallQueueInfo(p.groupId),
  }));
  read(`${V1}/call-queues/:groupId/members`, "List a call queue's members", withId("groupId"), paging, (p, q) =>
    c.listCallQueueMembers(p.groupId, q),
  );
  write(
    "POST",
    `${V1}/call-queues/:groupId/bulk-assign`,
    "Add and remove queue members in one request",
    withId("groupId"),
    s.bulkAssignSchema,
    (p, b) => ({
      call: c.assignMultipleCallQueueMembers(p.groupId, b),
      read: c.listCallQueueMembers(p.groupId, { perPage: 1000 }),
    }),
  );
  read(
    `${V1}/call-queues/:groupId/presence`,
    "Which members take the queue's calls",
    withId("groupId"),
    z.object({}),
    (p) => c.readCallQueuePresence(p.groupId),
  );
  write(
    "PUT",
    `${V1}/call-queues/:groupId/presence`,
    "Set which members take the queue's calls",
    withId("groupId"),
    s.queuePresenceUpdateSchema,
    (p, b) => ({
      call: c.updateCallQueuePresence(p.groupId, b),
      read: c.readCallQueuePresence(p.groupId),
    }),
  );
  read(
    `${V1}/extension/:extensionId/overflow-settings`,
    "Get a call queue's overflow settings",
    withId("extensionId"),
    z.object({}),
    (p) => c.getCallQueueOverflowSettings(p.extensionId),
  );
  write(
    "PUT",
    `${V1}/extension/:extensionId/overflow-settings`,
    "Set a call queue's overflow",
    withId("extensionId"),
    s.overflowUpdateSchema,
    (p, b) => ({
      call: c.updateCallQueueOverflowSettings(p.extensionId, b),
      read: c.getCallQueueOverflowSettings(p.extensionId),
    }),
  );

  // IVR menus and prompts
  read(`${V1}/ivr-menus`, "List IVR menus", cid, z.object({}), () => c.readIvrMenuList());
  read(`${V1}/ivr-menus/:ivrMenuId`, "Get an IVR menu", withId("ivrMenuId"), z.object({}), (p) =>
    c.readIVRMenu(p.ivrMenuId),
  );
  write("POST", `${V1}/ivr-menus`, "Create an IVR menu", cid, s.ivrMenuWriteSchema, (_p, b) => ({
    call: c.createIVRMenu(b),
  }));
  write(
    "PUT",
    `${V1}/ivr-menus/:ivrMenuId`,
    "Update an IVR menu",
    withId("ivrMenuId"),
    s.ivrMenuWriteSchema,
    (p, b) => ({
      call: c.updateIVRMenu(p.ivrMenuId, b),
      read: c.readIVRMenu(p.ivrMenuId),
    }),
  );
  read(`${V1}/ivr-prompts`, "List IVR prompts", cid, z.object({}), () => c.listIvrPrompts());
  read(`${V1}/ivr-prompts/:promptId`, "Get an IVR prompt", withId("promptId"), z.object({}), (p) =>
    c.readIVRPrompt(p.promptId),
  );
  write(
    "PUT",
    `${V1}/ivr-prompts/:promptId`,
    "Rename an IVR prompt",
    withId("promptId"),
    s.promptUpdateSchema,
    (p, b) => ({
      call: c.updateIVRPrompt(p.promptId, b),
      read: c.readIVRPrompt(p.promptId),
    }),
  );

  // Phone numbers
  const numberQuery = paging.extend({ usageType: listValue, status: listValue, paymentType: listValue });
  read(`${V1}/phone-number`, "List the account's phone numbers", cid, numberQuery, (_p, q) =>
    c.listAccountPhoneNumbers(q),
  );
  read(`${V1}/phone-number/:phoneNumberId`, "Get a phone number", withId("phoneNumberId"), z.object({}), (p) =>
    c.readAccountPhoneNumber(p.phoneNumberId),
  );
  read(
    `${V1}/extension/:extensionId/phone-number`,
    "An extension's phone numbers",
    withId("extensionId"),
    z.object({}),
    (p) => c.listExtensionPhoneNumbers(p.extensionId),
  );
  read(
    `${V2}/phone-numbers`,
    "List phone numbers (v2, with inventory)",
    cid,
    paging.extend({ usageType: listValue, phoneNumber: z.string().max(20).optional() }),
    (_p, q) => c.listAccountPhoneNumbersV2(q),
  );
  write(
    "PATCH",
    `${V2}/phone-numbers/:phoneNumberId`,
    "Assign, reassign or release (usageType CompanyNumber) a number",
    withId("phoneNumberId"),
    s.assignNumberSchema,
    (p, b) => ({
      call: c.assignPhoneNumberV2(p.phoneNumberId, b),
      read: c.readAccountPhoneNumber(p.phoneNumberId),
    }),
  );

  // Business hours and answering rules
  read(`${V1}/business-hours`, "Company business hours", cid, z.object({}), () => c.readCompanyBusinessHours());
  write("PUT", `${V1}/business-hours`, "Set company business hours", cid, s.businessHoursSchema, (_p, b) => ({
    call: c.updateCompanyBusinessHours(b),
    read: c.readCompanyBusinessHours(),
  }));
  read(
    `${V1}/extension/:extensionId/business-hours`,
    "An extension's business hours",
    withId("extensionId"),
    z.object({}),
    (p) => c.readUserBusinessHours(p.extensionId),
  );
  write(
    "PUT",
    `${V1}/extension/:extensionId/business-hours`,
    "Set an extension's business hours",
    withId("extensionId"),
    s.businessHoursSchema,
    (p, b) => ({
      call: c.updateUserBusinessHours(p.extensionId, b),
      read: c.readUserBusinessHours(p.extensionId),
    }),
  );
  read(`${V1}/answering-rule`, "Company answering rules", cid, z.object({}), () => c.listCompanyAnsweringRules());
  write("POST", `${V1}/answering-rule`, "Create a company answering rule", cid, s.answeringRuleSchema, (_p, b) => ({
    call: c.createCompanyAnsweringRule(b),
  }));
  read(
    `${V1}/extension/:extensionId/answering-rule`,
    "An extension's answering rules",
    withId("extensionId"),
    z.object({}),
    (p) => c.listAnsweringRules(p.extensionId),
  );
  write(
    "POST",
    `${V1}/extension/:extensionId/answering-rule`,
    "Create an extension answering rule",
    withId("extensionId"),
    s.answeringRuleSchema,
    (p, b) => ({
      call: c.createAnsweringRule(p.extensionId, b),
    }),
  );
}
