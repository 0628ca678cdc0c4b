import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { extensionNumberTaken, newQueue } from "./admin-state.ts";
import type { SimContext } from "./context.ts";
import { rcErrors } from "./errors.ts";
import { generateQueueCalls } from "./queue-calls.ts";
import { issueParameter } from "./routes-extensions.ts";
import { initialPresence } from "./state.ts";

const queueCallsBody = z.object({
  count: z.number().int().min(1).max(200_000),
  dateFrom: z.iso.datetime().optional(),
  dateTo: z.iso.datetime().optional(),
  queueIds: z.array(z.string()).max(100).optional(),
  seed: z.number().int().default(1),
});
const populateBody = z.object({
  users: z.number().int().min(0).max(5000).default(0),
  queues: z.number().int().min(0).max(200).default(0),
});

/**
 * Control routes for the phone-system side: generate queue calls into the call log (scripted day, benchmarks),
 * bulk-create users and queues (benchmarks), and a snapshot of the admin state (tests read what really changed).
 */
export function registerAdminSimRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.post("/_sim/call-log/queue-calls", async (req, reply) => {
    const body = queueCallsBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const now = ctx.config.now();
    const toMs = body.data.dateTo ? Date.parse(body.data.dateTo) : now;
    const fromMs = body.data.dateFrom ? Date.parse(body.data.dateFrom) : toMs - 8 * 3600 * 1000;
    const entries = generateQueueCalls(ctx.dir, ctx.admin, {
      count: body.data.count,
      fromMs,
      toMs,
      queueIds: body.data.queueIds,
      seed: body.data.seed,
      availableAt: now,
    });
    ctx.calls.callLog.push(...entries);
    return { generated: entries.length };
  });

  app.post("/_sim/admin/populate", async (req, reply) => {
    const body = populateBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const created = new Date(ctx.config.now()).toISOString();
    const free = (start: number) => {
      let n = start;
      while (extensionNumberTaken(ctx.admin, ctx.dir, String(n))) n++;
      return String(n);
    };
    const users: string[] = [];
    for (let i = 0; i < body.data.users; i++) {
      const number = free(3000);
      const id = ctx.admin.seq.extension.next();
      ctx.dir.extensions.push({
        id,
        extensionNumber: number,
        name: `Agent ${number}`,
        firstName: "Agent",
        lastName: number,
        email: `agent${number}@switchboard.demo`,
        phone: "",
        deviceId: `80${number}0016`,
        creationTime: created,
      });
      ctx.dir.presence.set(id, initialPresence());
      users.push(id);
    }
    const queues: string[] = [];
    for (let i = 0; i < body.data.queues; i++) {
      const number = free(1000);
      const id = ctx.admin.seq.extension.next();
      ctx.admin.queues.set(id, newQueue(id, number, `Queue ${number}`, created));
      queues.push(id);
    }
    return { users, queues };
  });

  app.get("/_sim/admin", async () => ({
    queues: [...ctx.admin.queues.values()].map((q) => ({
      id: q.id,
      extensionNumber: q.extensionNumber,
      name: q.name,
      status: q.status,
      members: [...q.members],
      notAccepting: [...q.notAccepting],
      overflow: { ...q.overflow, items: [...q.overflow.items] },
    })),
    ivrMenus: [...ctx.admin.ivrMenus.values()],
    prompts: [...ctx.admin.prompts.values()].map((p) => ({ id: p.id, filename: p.filename, bytes: p.bytes.length })),
    numbers: [...ctx.admin.numbers.values()],
    companyHours: ctx.admin.companyHours,
    users: ctx.dir.extensions.map((e) => ({
      id: e.id,
      extensionNumber: e.extensionNumber,
      name: e.name,
      status: ctx.admin.userStatus.get(e.id) ?? "Enabled",
    })),
  }));
}
