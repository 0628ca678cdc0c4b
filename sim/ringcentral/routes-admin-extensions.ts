import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { extensionNumberTaken, newQueue } from "./admin-state.ts";
import { queueExtensionJson } from "./admin-views.ts";
import { accountRoute, baseUrl, type SimContext, viewContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { extensionJson, issueParameter } from "./routes-extensions.ts";
import { initialPresence } from "./state.ts";

/** ExtensionCreationRequest / ExtensionUpdateRequest: the fields the sandbox keeps (others are accepted). */
const contact = z.looseObject({
  firstName: z.string().min(1).max(64).optional(),
  lastName: z.string().max(64).optional(),
  email: z.email().max(128).optional(),
  businessPhone: z.string().max(32).optional(),
});
const createBody = z.looseObject({
  contact: contact.optional(),
  extensionNumber: z
    .string()
    .regex(/^\d{3,8}$/)
    .optional(),
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
const updateBody = z.looseObject({
  status: z.enum(["Enabled", "Disabled", "Frozen", "NotActivated"]).optional(),
  extensionNumber: z
    .string()
    .regex(/^\d{3,8}$/)
    .optional(),
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

/** Extensions (doc §3.6): create (User, or Department = a call queue), update, delete. Medium group. */
export function registerAdminExtensionRoutes(app: FastifyInstance, ctx: SimContext): void {
  const nextNumber = (): string => {
    for (let n = 200; ; n++) if (!extensionNumberTaken(ctx.admin, ctx.dir, String(n))) return String(n);
  };

  app.post("/restapi/v1.0/account/:accountId/extension", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const body = createBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const input = body.data;
    if (input.extensionNumber && extensionNumberTaken(ctx.admin, ctx.dir, input.extensionNumber)) {
      return rcErrors.invalidParameter(reply, "extensionNumber");
    }
    const number = input.extensionNumber ?? nextNumber();
    const id = ctx.admin.seq.extension.next();
    const created = new Date(ctx.config.now()).toISOString();
    if (input.type === "Department") {
      const name = input.name ?? input.contact?.firstName;
      if (!name) return rcErrors.missingParameter(reply, "contact.firstName");
      const queue = newQueue(id, number, name, created);
      if (input.contact?.email) queue.email = input.contact.email;
      if (input.status === "Disabled" || input.status === "NotActivated") queue.status = input.status;
      ctx.admin.queues.set(id, queue);
      return queueExtensionJson(viewContext(ctx, req), queue, true);
    }
    if (input.type !== "User") return rcErrors.invalidParameter(reply, "type");
    const firstName = input.contact?.firstName;
    const email = input.contact?.email;
    if (!firstName) return rcErrors.missingParameter(reply, "contact.firstName");
    if (!email) return rcErrors.missingParameter(reply, "contact.email");
    const ext = {
      id,
      extensionNumber: number,
      name: [firstName, input.contact?.lastName].filter(Boolean).join(" "),
      firstName,
      lastName: input.contact?.lastName ?? "",
      email,
      phone: input.contact?.businessPhone ?? "",
      deviceId: `80${number}0016`,
      creationTime: created,
    };
    ctx.dir.extensions.push(ext);
    ctx.dir.presence.set(id, initialPresence());
    if (input.status && input.status !== "Enabled") ctx.admin.userStatus.set(id, input.status);
    return { ...extensionJson(ext, baseUrl(ctx, req), ctx.dir.accountId, true), status: input.status ?? "Enabled" };
  });

  app.put("/restapi/v1.0/account/:accountId/extension/:extensionId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const id = route.params.extensionId === "~" ? route.caller.ownerId : (route.params.extensionId ?? "");
    const body = updateBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const input = body.data;
    if (input.extensionNumber && extensionNumberTaken(ctx.admin, ctx.dir, input.extensionNumber, id)) {
      return rcErrors.invalidParameter(reply, "extensionNumber");
    }
    const queue = ctx.admin.queues.get(id);
    if (queue) {
      if (input.status) queue.status = input.status;
      if (input.extensionNumber) queue.extensionNumber = input.extensionNumber;
      if (input.contact?.firstName) queue.name = input.contact.firstName;
      if (input.contact?.email) queue.email = input.contact.email;
      const sla = input.callQueueInfo;
      if (sla?.slaGoal !== undefined) queue.slaGoal = sla.slaGoal;
      if (sla?.slaThresholdSeconds !== undefined) queue.slaThresholdSeconds = sla.slaThresholdSeconds;
      if (sla?.includeAbandonedCalls !== undefined) queue.includeAbandonedCalls = sla.includeAbandonedCalls;
      if (sla?.abandonedThresholdSeconds !== undefined) queue.abandonedThresholdSeconds = sla.abandonedThresholdSeconds;
      return queueExtensionJson(viewContext(ctx, req), queue, true);
    }
    const ext = ctx.dir.extensions.find((e) => e.id === id);
    if (!ext) return rcErrors.notFound(reply, "extensionId");
    if (input.status) {
      if (input.status === "Enabled") ctx.admin.userStatus.delete(id);
      else ctx.admin.userStatus.set(id, input.status);
    }
    if (input.extensionNumber) ext.extensionNumber = input.extensionNumber;
    if (input.contact?.firstName) ext.firstName = input.contact.firstName;
    if (input.contact?.lastName !== undefined) ext.lastName = input.contact.lastName;
    if (input.contact?.email) ext.email = input.contact.email;
    if (input.contact?.firstName || input.contact?.lastName !== undefined) {
      ext.name = [ext.firstName, ext.lastName].filter(Boolean).join(" ");
    }
    const status = ctx.admin.userStatus.get(id) ?? "Enabled";
    return { ...extensionJson(ext, baseUrl(ctx, req), ctx.dir.accountId, true), status };
  });

  app.delete("/restapi/v1.0/account/:accountId/extension/:extensionId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const id = route.params.extensionId ?? "";
    if (!removeExtension(ctx, id)) return rcErrors.notFound(reply, "extensionId");
    return noContent(reply);
  });
}

export function noContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}

/** Removes an extension and every reference to it (memberships, overflow targets, IVR keys, numbers). */
function removeExtension(ctx: SimContext, id: string): boolean {
  const admin = ctx.admin;
  const wasUser = ctx.dir.extensions.some((e) => e.id === id);
  if (!wasUser && !admin.queues.has(id) && !admin.ivrMenus.has(id)) return false;
  ctx.dir.extensions = ctx.dir.extensions.filter((e) => e.id !== id);
  ctx.dir.presence.delete(id);
  admin.queues.delete(id);
  admin.ivrMenus.delete(id);
  admin.userStatus.delete(id);
  for (const q of admin.queues.values()) {
    q.members = q.members.filter((m) => m !== id);
    q.notAccepting.delete(id);
    q.overflow.items = q.overflow.items.filter((t) => t !== id);
  }
  for (const m of admin.ivrMenus.values()) m.actions = m.actions.filter((a) => a.extension?.id !== id);
  for (const n of admin.numbers.values()) {
    if (n.extensionId !== id) continue;
    n.extensionId = undefined;
    n.usageType = "Inventory";
  }
  return true;
}
