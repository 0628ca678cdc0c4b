import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { PhoneNumber } from "./admin-state.ts";
import { accountNumberJson, companyNumberJson, userNumberJson } from "./admin-views.ts";
import { accountRoute, baseUrl, resolveExtension, type SimContext, viewContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { multiValue, pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { issueParameter } from "./routes-extensions.ts";

const v1Query = pagingQuery.extend({ usageType: multiValue, status: multiValue, paymentType: multiValue });
const v2Query = pagingQuery.extend({
  usageType: multiValue,
  status: z.string().optional(),
  phoneNumber: z.string().optional(),
});
/** AssignPhoneNumberRequest (v2 PATCH). */
const assignBody = z.looseObject({
  usageType: z.enum(["MainCompanyNumber", "CompanyNumber", "DirectNumber", "ContactCenterNumber"]),
  type: z.enum(["VoiceFax", "VoiceOnly", "FaxOnly"]).optional(),
  extension: z.looseObject({ id: z.string() }).optional(),
});

/**
 * Phone numbers (doc §3.9): v1.0 list (Heavy), read (Light), an extension's numbers (Light); v2 list (Heavy) and
 * assign / reassign (Medium, `PATCH /restapi/v2/accounts/~/phone-numbers/{id}`): releasing a direct number is
 * reassigning it as a company number, the spec's "from an extension to a company number".
 */
export function registerNumberRoutes(app: FastifyInstance, ctx: SimContext): void {
  const listed = (n: PhoneNumber) => n.usageType !== "Inventory";

  app.get("/restapi/v1.0/account/:accountId/phone-number", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    const query = v1Query.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const q = query.data;
    const numbers = [...ctx.admin.numbers.values()].filter(
      (n) =>
        listed(n) &&
        (q.usageType.length === 0 || q.usageType.includes(n.usageType)) &&
        (q.status.length === 0 || q.status.includes(n.status)) &&
        (q.paymentType.length === 0 || q.paymentType.includes(n.paymentType)),
    );
    const base = baseUrl(ctx, req);
    const page = paginate(
      numbers,
      paging.value,
      pageUri(base, `/restapi/v1.0/account/${ctx.dir.accountId}/phone-number`, q),
    );
    const view = viewContext(ctx, req);
    return { ...page, records: page.records.map((n) => companyNumberJson(view, n)) };
  });

  app.get("/restapi/v1.0/account/:accountId/phone-number/:phoneNumberId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    if (!route) return reply;
    const number = ctx.admin.numbers.get(route.params.phoneNumberId ?? "");
    if (!number || !listed(number)) return rcErrors.notFound(reply, "phoneNumberId");
    return companyNumberJson(viewContext(ctx, req), number);
  });

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/phone-number", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    if (!route) return reply;
    const id = route.params.extensionId === "~" ? route.caller.ownerId : (route.params.extensionId ?? "");
    if (!ctx.admin.queues.has(id) && !resolveExtension(ctx, route.caller, reply, id)) return reply;
    const query = pagingQuery.safeParse(req.query ?? {});
    const paging = parsePaging(query.success ? query.data : {});
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const numbers = [...ctx.admin.numbers.values()].filter((n) => n.extensionId === id);
    const base = baseUrl(ctx, req);
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/extension/${id}/phone-number`;
    const page = paginate(numbers, paging.value, pageUri(base, path, query.data ?? {}));
    const view = viewContext(ctx, req);
    return { ...page, records: page.records.map((n) => userNumberJson(view, n)) };
  });

  app.get("/restapi/v2/accounts/:accountId/phone-numbers", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    const query = v2Query.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const q = query.data;
    const numbers = [...ctx.admin.numbers.values()].filter(
      (n) =>
        (q.usageType.length === 0 || q.usageType.includes(n.usageType)) &&
        (!q.status || q.status === n.status) &&
        (!q.phoneNumber || q.phoneNumber === n.phoneNumber),
    );
    const base = baseUrl(ctx, req);
    const page = paginate(
      numbers,
      paging.value,
      pageUri(base, `/restapi/v2/accounts/${ctx.dir.accountId}/phone-numbers`, q),
    );
    const view = viewContext(ctx, req);
    return { records: page.records.map((n) => accountNumberJson(view, n)), paging: page.paging };
  });

  app.patch("/restapi/v2/accounts/:accountId/phone-numbers/:phoneNumberId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const number = ctx.admin.numbers.get(route.params.phoneNumberId ?? "");
    if (!number) return rcErrors.notFound(reply, "phoneNumberId");
    const body = assignBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const { usageType, extension, type } = body.data;
    if (number.usageType === "MainCompanyNumber" && usageType !== "MainCompanyNumber") {
      return rcErrors.invalidParameter(reply, "usageType");
    }
    if (usageType === "DirectNumber") {
      if (!extension) return rcErrors.missingParameter(reply, "extension.id");
      const known = ctx.dir.extensions.some((e) => e.id === extension.id) || ctx.admin.queues.has(extension.id);
      if (!known) return rcErrors.notFound(reply, "extension.id");
      number.extensionId = extension.id;
    } else {
      if (extension) return rcErrors.invalidParameter(reply, "extension");
      number.extensionId = undefined;
    }
    number.usageType = usageType;
    if (type) number.type = type;
    return accountNumberJson(viewContext(ctx, req), number);
  });
}
