import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { WEEKDAYS, type WeeklyRanges } from "./admin-state.ts";
import { hoursJson } from "./admin-views.ts";
import { accountRoute, baseUrl, type SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { noContent } from "./routes-admin-extensions.ts";
import { issueParameter } from "./routes-extensions.ts";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);
const interval = z.object({ from: time, to: time }).refine((i) => i.from < i.to, { message: "from must precede to" });
const weekly = z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(interval).max(10).optional()])));
const hoursBody = z.looseObject({ schedule: z.looseObject({ weeklyRanges: weekly.optional() }) });
/** Answering rules are kept as sent (CreateAnsweringRuleRequest / CompanyAnsweringRuleRequest), type checked. */
const ruleBody = z.looseObject({
  name: z.string().min(1).max(64).optional(),
  type: z.enum(["BusinessHours", "AfterHours", "Custom"]).optional(),
  enabled: z.boolean().optional(),
});

function cleanRanges(ranges: Record<string, unknown> | undefined): WeeklyRanges {
  const out: WeeklyRanges = {};
  for (const day of WEEKDAYS) {
    const value = ranges?.[day];
    if (Array.isArray(value) && value.length > 0) out[day] = value as { from: string; to: string }[];
  }
  return out;
}

/** Business hours (company and per extension) and answering rules (company and per extension). */
export function registerHoursRoutes(app: FastifyInstance, ctx: SimContext): void {
  const account = (req: FastifyRequest) => `${baseUrl(ctx, req)}/restapi/v1.0/account/${ctx.dir.accountId}`;

  app.get("/restapi/v1.0/account/:accountId/business-hours", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Light")) return reply;
    return hoursJson(`${account(req)}/business-hours`, ctx.admin.companyHours);
  });

  app.put("/restapi/v1.0/account/:accountId/business-hours", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Medium")) return reply;
    const body = hoursBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "schedule"));
    ctx.admin.companyHours = cleanRanges(body.data.schedule.weeklyRanges);
    return hoursJson(`${account(req)}/business-hours`, ctx.admin.companyHours);
  });

  const extensionId = (reply: FastifyReply, ref: string | undefined, ownerId: string): string | undefined => {
    const id = ref === "~" ? ownerId : (ref ?? "");
    if (ctx.dir.extensions.some((e) => e.id === id) || ctx.admin.queues.has(id)) return id;
    rcErrors.notFound(reply, "extensionId");
    return undefined;
  };

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/business-hours", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const id = route && extensionId(reply, route.params.extensionId, route.caller.ownerId);
    if (!id) return reply;
    const uri = `${account(req)}/extension/${id}/business-hours`;
    return hoursJson(uri, ctx.admin.extensionHours.get(id) ?? ctx.admin.companyHours);
  });

  app.put("/restapi/v1.0/account/:accountId/extension/:extensionId/business-hours", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    const id = route && extensionId(reply, route.params.extensionId, route.caller.ownerId);
    if (!id) return reply;
    const body = hoursBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "schedule"));
    const ranges = cleanRanges(body.data.schedule.weeklyRanges);
    ctx.admin.extensionHours.set(id, ranges);
    return hoursJson(`${account(req)}/extension/${id}/business-hours`, ranges);
  });

  const ruleRoutes = (
    prefix: string,
    owner: (params: Record<string, string>, reply: FastifyReply, me: string) => string | null | undefined,
  ) => {
    const ruleUri = (req: FastifyRequest, ownerId: string | null, id: string) =>
      `${account(req)}${ownerId ? `/extension/${ownerId}` : ""}/answering-rule/${id}`;
    const render = (req: FastifyRequest, r: (typeof ctx.admin.rules)[number]) => ({
      ...r.fields,
      id: r.id,
      uri: ruleUri(req, r.ownerId, r.id),
    });
    app.get(prefix, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Medium");
      const ownerId = route && owner(route.params, reply, route.caller.ownerId);
      if (!route || ownerId === undefined) return reply;
      const records = ctx.admin.rules.filter((r) => r.ownerId === ownerId).map((r) => render(req, r));
      const uri = `${account(req)}${ownerId ? `/extension/${ownerId}` : ""}/answering-rule`;
      return {
        uri,
        records,
        paging: { page: 1, perPage: Math.max(1, records.length), totalPages: 1, totalElements: records.length },
        navigation: { firstPage: { uri }, lastPage: { uri } },
      };
    });
    app.post(prefix, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Medium");
      const ownerId = route && owner(route.params, reply, route.caller.ownerId);
      if (!route || ownerId === undefined) return reply;
      const body = ruleBody.safeParse(req.body ?? {});
      if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
      if (!body.data.name) return rcErrors.missingParameter(reply, "name");
      const rule = { id: ctx.admin.seq.rule.next(), ownerId, fields: { enabled: true, type: "Custom", ...body.data } };
      ctx.admin.rules.push(rule);
      return render(req, rule);
    });
    const one = (params: Record<string, string>, ownerId: string | null) =>
      ctx.admin.rules.find((r) => r.id === params.ruleId && r.ownerId === ownerId);
    app.get(`${prefix}/:ruleId`, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Light");
      const ownerId = route && owner(route.params, reply, route.caller.ownerId);
      if (!route || ownerId === undefined) return reply;
      const rule = one(route.params, ownerId);
      return rule ? render(req, rule) : rcErrors.notFound(reply, "ruleId");
    });
    app.put(`${prefix}/:ruleId`, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Medium");
      const ownerId = route && owner(route.params, reply, route.caller.ownerId);
      if (!route || ownerId === undefined) return reply;
      const rule = one(route.params, ownerId);
      if (!rule) return rcErrors.notFound(reply, "ruleId");
      const body = ruleBody.safeParse(req.body ?? {});
      if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
      Object.assign(rule.fields, body.data);
      return render(req, rule);
    });
    app.delete(`${prefix}/:ruleId`, async (req, reply) => {
      const route = accountRoute(ctx, req, reply, "Medium");
      const ownerId = route && owner(route.params, reply, route.caller.ownerId);
      if (!route || ownerId === undefined) return reply;
      const rule = one(route.params, ownerId);
      if (!rule) return rcErrors.notFound(reply, "ruleId");
      ctx.admin.rules = ctx.admin.rules.filter((r) => r !== rule);
      return noContent(reply);
    });
  };
  ruleRoutes("/restapi/v1.0/account/:accountId/answering-rule", () => null);
  ruleRoutes("/restapi/v1.0/account/:accountId/extension/:extensionId/answering-rule", (params, reply, me) =>
    extensionId(reply, params.extensionId, me),
  );
}
