import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { ivrExtensionJson, queueExtensionJson } from "./admin-views.ts";
import { accountRoute, baseUrl, resolveExtension, type SimContext, viewContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { multiValue, pageUri, paginate, pagingQuery, parsePaging } from "./paging.ts";
import { presenceResponse } from "./presence.ts";
import type { Extension } from "./state.ts";

const STATUSES = ["Enabled", "Disabled", "Frozen", "NotActivated", "Unassigned"];
const listQuery = pagingQuery.extend({
  extensionNumber: z.string().optional(),
  email: multiValue,
  status: multiValue,
  type: multiValue,
});
const presenceQuery = z.object({
  detailedTelephonyState: z.string().optional(),
  sipData: z.string().optional(),
});
export const presenceUpdate = z.object({
  userStatus: z.enum(["Offline", "Busy", "Available"]).optional(),
  dndStatus: z
    .enum(["TakeAllCalls", "DoNotAcceptDepartmentCalls", "TakeDepartmentCallsOnly", "DoNotAcceptAnyCalls", "Unknown"])
    .optional(),
  dndStatusPersonal: z.enum(["TakeAllCalls", "DoNotAcceptAnyCalls", "Unknown"]).optional(),
  message: z.string().max(75).optional(),
  allowSeeMyPresence: z.boolean().optional(),
  ringOnMonitoredCall: z.boolean().optional(),
  pickUpCallsOnHold: z.boolean().optional(),
  callerIdVisibility: z.enum(["All", "None", "PermittedUsers"]).optional(),
  acceptCallQueueCalls: z.boolean().optional(),
});

/** First offending field of a zod failure, as RingCentral's `parameterName`. */
export function issueParameter(error: z.ZodError, fallback: string): string {
  const path = error.issues[0]?.path ?? [];
  return path.length > 0 ? path.map(String).join(".") : fallback;
}

/** `GetExtensionListInfoResponse` / `GetExtensionInfoResponse` (the fields a User extension has). */
export function extensionJson(ext: Extension, base: string, accountId: string, full: boolean): Record<string, unknown> {
  const uri = `${base}/restapi/v1.0/account/${accountId}/extension/${ext.id}`;
  const json: Record<string, unknown> = {
    uri,
    id: Number(ext.id),
    extensionNumber: ext.extensionNumber,
    contact: {
      firstName: ext.firstName,
      lastName: ext.lastName,
      email: ext.email,
      businessPhone: ext.phone,
      emailAsLoginName: true,
    },
    name: ext.name,
    type: "User",
    status: "Enabled",
    permissions: { admin: { enabled: true }, internationalCalling: { enabled: false } },
    profileImage: { uri: `${uri}/profile-image` },
    hidden: false,
    creationTime: ext.creationTime,
  };
  if (full) {
    json.account = { uri: `${base}/restapi/v1.0/account/${accountId}`, id: accountId };
    json.setupWizardState = "Completed";
    json.regionalSettings = {
      timezone: { id: "58", name: "US/Pacific" },
      language: { id: "1033", localeCode: "en-US" },
    };
  }
  return json;
}

export function registerExtensionRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get("/restapi/v1.0/account/:accountId/extension", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const query = listQuery.safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const { extensionNumber, email, status, type } = query.data;
    const badStatus = status.find((s) => !STATUSES.includes(s));
    if (badStatus) return rcErrors.invalidParameter(reply, "status");
    const emails = email.map((e) => e.toLowerCase());
    const base = baseUrl(ctx, req);
    const view = viewContext(ctx, req);
    const all = [
      ...ctx.dir.extensions.map((e) => ({
        type: "User",
        status: ctx.admin.userStatus.get(e.id) ?? "Enabled",
        extensionNumber: e.extensionNumber,
        email: e.email,
        json: () => ({
          ...extensionJson(e, base, ctx.dir.accountId, false),
          status: ctx.admin.userStatus.get(e.id) ?? "Enabled",
        }),
      })),
      ...[...ctx.admin.queues.values()].map((q) => ({
        type: "Department",
        status: q.status,
        extensionNumber: q.extensionNumber,
        email: q.email,
        json: () => queueExtensionJson(view, q, false),
      })),
      ...[...ctx.admin.ivrMenus.values()].map((m) => ({
        type: "IvrMenu",
        status: "Enabled",
        extensionNumber: m.extensionNumber,
        email: "",
        json: () => ivrExtensionJson(view, m),
      })),
    ];
    const matches = all.filter(
      (e) =>
        (!extensionNumber || e.extensionNumber === extensionNumber) &&
        (emails.length === 0 || emails.includes(e.email.toLowerCase())) &&
        (status.length === 0 || status.includes(e.status)) &&
        (type.length === 0 || type.includes(e.type)),
    );
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/extension`;
    const page = paginate(matches, paging.value, pageUri(base, path, query.data));
    return {
      uri: page.uri,
      records: page.records.map((e) => e.json()),
      paging: page.paging,
      navigation: page.navigation,
    };
  });

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    if (!route) return reply;
    const id = route.params.extensionId ?? "";
    const queue = ctx.admin.queues.get(id);
    if (queue) return queueExtensionJson(viewContext(ctx, req), queue, true);
    const menu = ctx.admin.ivrMenus.get(id);
    if (menu) return ivrExtensionJson(viewContext(ctx, req), menu);
    const ext = resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    if (!ext) return reply;
    const status = ctx.admin.userStatus.get(ext.id) ?? "Enabled";
    return { ...extensionJson(ext, baseUrl(ctx, req), ctx.dir.accountId, true), status };
  });

  app.get("/restapi/v1.0/account/:accountId/extension/:extensionId/presence", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Light");
    if (!route) return reply;
    const ext = resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    const presence = ext && ctx.dir.presence.get(ext.id);
    if (!ext || !presence) return reply;
    const query = presenceQuery.safeParse(req.query ?? {});
    const options = {
      detailed: query.success && query.data.detailedTelephonyState === "true",
      sipData: query.success && query.data.sipData === "true",
    };
    return presenceResponse(baseUrl(ctx, req), ctx.dir.accountId, ext, presence, ctx.calls.liveCalls(ext.id), options);
  });

  app.put("/restapi/v1.0/account/:accountId/extension/:extensionId/presence", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const ext = resolveExtension(ctx, route.caller, reply, route.params.extensionId);
    const presence = ext && ctx.dir.presence.get(ext.id);
    if (!ext || !presence) return reply;
    const body = presenceUpdate.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const update = Object.fromEntries(Object.entries(body.data).filter(([, v]) => v !== undefined));
    const dndChanged = update.dndStatus !== undefined && update.dndStatus !== presence.dndStatus;
    Object.assign(presence, update);
    // The platform notifies on every presence write, including the caller's own (echo detection is the client's job).
    const event = ctx.calls.presenceChanged(ext, dndChanged);
    if (event) await ctx.notifier.publish([event]);
    return presenceResponse(baseUrl(ctx, req), ctx.dir.accountId, ext, presence, ctx.calls.liveCalls(ext.id), {
      detailed: false,
      sipData: false,
    });
  });

  app.get("/restapi/v1.0/account/:accountId/presence", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    const query = pagingQuery.merge(presenceQuery).safeParse(req.query ?? {});
    if (!query.success) return rcErrors.invalidParameter(reply, issueParameter(query.error, "query"));
    const paging = parsePaging(query.data);
    if (!paging.ok) return rcErrors.invalidParameter(reply, paging.parameter);
    const base = baseUrl(ctx, req);
    const options = { detailed: query.data.detailedTelephonyState === "true", sipData: query.data.sipData === "true" };
    const path = `/restapi/v1.0/account/${ctx.dir.accountId}/presence`;
    const page = paginate(ctx.dir.extensions, paging.value, pageUri(base, path, query.data));
    return {
      uri: page.uri,
      records: page.records.flatMap((ext) => {
        const presence = ctx.dir.presence.get(ext.id);
        return presence
          ? [presenceResponse(base, ctx.dir.accountId, ext, presence, ctx.calls.liveCalls(ext.id), options)]
          : [];
      }),
      paging: page.paging,
      navigation: page.navigation,
    };
  });
}
