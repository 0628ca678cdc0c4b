import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { Queue } from "./admin-state.ts";
import { extensionNumberOf, overflowJson, queueDetailsJson, queueInfoJson, queuePresenceJson } from "./admin-views.ts";
import { accountRoute, baseUrl, type SimContext, viewContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { noContent } from "./routes-admin-extensions.ts";
import { issueParameter } from "./routes-extensions.ts";

const ALERT_TIMERS = [5, 10, 15, 20, 30, 45, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600];
const ids = z.array(z.string().regex(/^\d{1,20}$/)).max(1000);

/** CallQueueDetailsForUpdate. */
const queueUpdate = z.looseObject({
  extensionNumber: z
    .string()
    .regex(/^\d{3,8}$/)
    .optional(),
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
    .number()
    .int()
    .refine((n) => ALERT_TIMERS.includes(n))
    .optional(),
});
const bulkAssign = z.looseObject({ addedExtensionIds: ids.optional(), removedExtensionIds: ids.optional() });
const presenceUpdate = z.looseObject({
  records: z
    .array(
      z.looseObject({
        member: z.looseObject({ id: z.string() }),
        acceptCurrentQueueCalls: z.boolean().optional(),
      }),
    )
    .max(1000),
});
const overflowUpdate = z.looseObject({
  enabled: z.boolean().optional(),
  items: z
    .array(z.looseObject({ id: z.string() }))
    .max(50)
    .optional(),
});
const listQuery = pagingQuery.extend({ memberExtensionId: z.string().optional() });

/** Call queues (doc §3.7) with the spec's usage-plan groups: list Medium, read/update Light, bulk-assign Heavy. */
export function registerCallQueueRoutes(app: FastifyInstance, ctx: SimContext): void {
  const queueOf = (reply: FastifyReply, id: string | undefined): Queue | undefined => {
    const queue = ctx.admin.queues.get(id ?? "");
    if (!queue) rcErrors.notFound(reply, "groupId");
    return queue;
  };

  app.get("/restapi/v1.0/account/:accountId/call-queues", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Medium")) return reply;
    const query = listQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const member = query.data.memberExtensionId;
    const queues = [...ctx.admin.queues.values()].filter((q) => !member || q.members.includes(member));
    const base = baseUrl(ctx, req);
    const page = paginate(
      queues,
      paging.value,
      pageUri(base, `/restapi/v1.0/account/${ctx.dir.accountId}/call-queues`, query.data),
    );
    const view = viewContext(ctx, req);
    return { ...page, records: page.records.map((q) => queueInfoJson(view, q)) };
  });

  app.get("/restapi/v1.0/account/:accountId/call-queues/:groupId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    return queueDetailsJson(viewContext(ctx, req), queue);
  });

  app.put("/restapi/v1.0/account/:accountId/call-queues/:groupId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    const body = queueUpdate.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const input = body.data;
    if (input.extensionNumber !== undefined) queue.extensionNumber = input.extensionNumber;
    if (input.name !== undefined) queue.name = input.name;
    if (input.status !== undefined) queue.status = input.status;
    if (input.editableMemberStatus !== undefined) queue.editableMemberStatus = input.editableMemberStatus;
    if (input.alertTimer !== undefined) queue.alertTimer = input.alertTimer;
    const sla = input.serviceLevelSettings;
    if (sla?.slaGoal !== undefined) queue.slaGoal = sla.slaGoal;
    if (sla?.slaThresholdSeconds !== undefined) queue.slaThresholdSeconds = sla.slaThresholdSeconds;
    if (sla?.includeAbandonedCalls !== undefined) queue.includeAbandonedCalls = sla.includeAbandonedCalls;
    if (sla?.abandonedThresholdSeconds !== undefined) queue.abandonedThresholdSeconds = sla.abandonedThresholdSeconds;
    return queueDetailsJson(viewContext(ctx, req), queue);
  });

  app.get("/restapi/v1.0/account/:accountId/call-queues/:groupId/members", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    const query = pagingQuery.safeParse(req.query ?? {});
    const paging = parsePaging(query.success ? query.data : {});
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const base = baseUrl(ctx, req);
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/call-queues/${queue.id}/members`;
    const page = paginate(queue.members, paging.value, pageUri(base, path, query.data ?? {}));
    const view = viewContext(ctx, req);
    return {
      ...page,
      records: page.records.map((id) => ({
        uri: `${base}/restapi/v1.0/account/${ctx.dir.accountId}/extension/${id}`,
        id: Number(id),
        extensionNumber: extensionNumberOf(view, id),
      })),
    };
  });

  app.post("/restapi/v1.0/account/:accountId/call-queues/:groupId/bulk-assign", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    const body = bulkAssign.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const added = body.data.addedExtensionIds ?? [];
    const removed = new Set(body.data.removedExtensionIds ?? []);
    const known = new Set(ctx.dir.extensions.map((e) => e.id));
    const unknown = [...added, ...removed].find((id) => !known.has(id));
    if (unknown) return rcErrors.notFound(reply, "extensionId");
    queue.members = queue.members.filter((id) => !removed.has(id));
    for (const id of added) if (!queue.members.includes(id)) queue.members.push(id);
    for (const id of removed) queue.notAccepting.delete(id);
    return noContent(reply);
  });

  app.get("/restapi/v1.0/account/:accountId/call-queues/:groupId/presence", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    return queuePresenceJson(viewContext(ctx, req), queue);
  });

  app.put("/restapi/v1.0/account/:accountId/call-queues/:groupId/presence", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    const queue = route && queueOf(reply, route.params.groupId);
    if (!queue) return reply;
    const body = presenceUpdate.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    for (const record of body.data.records) {
      if (!queue.members.includes(record.member.id)) return rcErrors.notFound(reply, "member.id");
    }
    for (const record of body.data.records) {
      if (record.acceptCurrentQueueCalls === false) queue.notAccepting.add(record.member.id);
      if (record.acceptCurrentQueueCalls === true) queue.notAccepting.delete(record.member.id);
    }
    return queuePresenceJson(viewContext(ctx, req), queue);
  });

  // The spec files overflow under the extension path (`{callQueueId}`), Heavy both ways.
  app.get("/restapi/v1.0/account/:accountId/extension/:callQueueId/overflow-settings", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const queue = route && ctx.admin.queues.get(route.params.callQueueId ?? "");
    if (!route) return reply;
    if (!queue) return rcErrors.notFound(reply, "callQueueId");
    return overflowJson(viewContext(ctx, req), queue);
  });

  app.put("/restapi/v1.0/account/:accountId/extension/:callQueueId/overflow-settings", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    const queue = route && ctx.admin.queues.get(route.params.callQueueId ?? "");
    if (!route) return reply;
    if (!queue) return rcErrors.notFound(reply, "callQueueId");
    const body = overflowUpdate.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const items = body.data.items?.map((i) => i.id);
    if (items?.some((id) => id === queue.id || !ctx.admin.queues.has(id))) {
      return rcErrors.invalidParameter(reply, "items.id");
    }
    if (body.data.enabled !== undefined) queue.overflow.enabled = body.data.enabled;
    if (items) queue.overflow.items = items;
    return overflowJson(viewContext(ctx, req), queue);
  });
}
