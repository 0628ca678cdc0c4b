import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { WebhookEmitter } from "./webhooks.ts";

/** Every request the sandbox received (control routes excluded), for tests to inspect. */
export type RecordedRequest = {
  at: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
};

const httpFaultSchema = z.object({
  /** Substring of the request path the fault applies to. */
  path: z.string().default(""),
  method: z.string().optional(),
  count: z.number().int().positive().default(1),
  status: z.number().int().min(100).max(599).optional(),
  /** Seconds, sent as `Retry-After`. */
  retryAfter: z.number().nonnegative().optional(),
  /** Replaces the platform's default error body for `status`. */
  body: z.unknown().optional(),
  delayMs: z.number().int().nonnegative().max(60_000).optional(),
  /** Destroy the socket without answering. */
  drop: z.boolean().optional(),
});
export type HttpFault = z.infer<typeof httpFaultSchema>;

const webhookFaultSchema = z.object({
  kind: z.enum(["drop", "duplicate", "delay", "reorder"]),
  /** Apply to the next `count` deliveries … */
  count: z.number().int().positive().optional(),
  /** … or to this share of all deliveries until cleared. */
  percent: z.number().min(0).max(100).optional(),
  delayMs: z.number().int().nonnegative().max(600_000).optional(),
  /** Only deliveries whose event name (LiveChat action, RingCentral event filter, Chatwoot event) contains this. */
  match: z.string().optional(),
});
export type WebhookFault = z.infer<typeof webhookFaultSchema>;

const faultsBodySchema = z.object({
  http: z.array(httpFaultSchema).default([]),
  webhooks: z.array(webhookFaultSchema).default([]),
});

export type ControlOptions = {
  /** The platform's own error body for an injected status. */
  errorBody: (status: number) => unknown;
  webhooks: WebhookEmitter;
  onReset: () => void;
  maxRecorded?: number;
};

/** Registers `/_sim/reset`, `/_sim/requests`, `/_sim/faults` and the hooks that record requests and inject faults. */
export function installControl(app: FastifyInstance, options: ControlOptions): { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  let faults: HttpFault[] = [];
  const maxRecorded = options.maxRecorded ?? 5000;

  app.addHook("preHandler", async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split("?")[0] ?? req.url;
    if (path.startsWith("/_sim")) return;
    requests.push({
      at: new Date().toISOString(),
      method: req.method,
      path,
      query: (req.query ?? {}) as Record<string, unknown>,
      headers: req.headers,
      body: req.body,
    });
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
    const fault = faults.find((f) => path.includes(f.path) && (!f.method || f.method.toUpperCase() === req.method));
    if (!fault) return;
    fault.count -= 1;
    faults = faults.filter((f) => f.count > 0);
    if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault.drop) {
      req.raw.socket.destroy();
      return reply.hijack();
    }
    if (fault.status) {
      if (fault.retryAfter !== undefined) reply.header("retry-after", String(fault.retryAfter));
      return reply.code(fault.status).send(fault.body ?? options.errorBody(fault.status));
    }
  });

  app.post("/_sim/reset", async () => {
    requests.length = 0;
    faults = [];
    options.webhooks.reset();
    options.onReset();
    return { ok: true };
  });
  app.get("/_sim/requests", async (req) => {
    const { path, method } = req.query as { path?: string; method?: string };
    return requests.filter((r) => (!path || r.path.includes(path)) && (!method || r.method === method.toUpperCase()));
  });
  app.delete("/_sim/requests", async () => {
    requests.length = 0;
    return { ok: true };
  });
  app.post("/_sim/faults", async (req, reply) => {
    const parsed = faultsBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: "invalid faults", issues: parsed.error.issues });
    faults.push(...parsed.data.http);
    options.webhooks.addFaults(parsed.data.webhooks);
    return { http: faults, webhooks: options.webhooks.faults() };
  });
  app.get("/_sim/faults", async () => ({ http: faults, webhooks: options.webhooks.faults() }));
  app.delete("/_sim/faults", async () => {
    faults = [];
    options.webhooks.clearFaults();
    return { ok: true };
  });
  app.get("/_sim/deliveries", async () => options.webhooks.log());
  return { requests };
}
