import type { FastifyBaseLogger } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import pg from "pg";
import { z } from "zod";
import type { Authenticator } from "../http/auth.ts";
import { principalOf, requireRole } from "../http/auth.ts";
import type { RouteContext } from "../http/routes.ts";
import { LIVE_CHANNEL } from "../sync/live.ts";
import { type LiveEvent, liveEventSchema } from "./contracts.ts";

type Subscriber = (event: LiveEvent) => void;

/**
 * One dedicated PostgreSQL connection per web process LISTENs on the live channel and fans events out to this
 * process's subscribers of the same workspace. Started with the first subscriber; reconnects after a lost
 * connection for as long as anyone listens (events sent while it was down are gone: clients refetch on reconnect).
 */
export class LiveListener {
  readonly #url: string;
  readonly #log: FastifyBaseLogger;
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  #client: pg.Client | null = null;
  #starting: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(url: string, log: FastifyBaseLogger) {
    this.#url = url;
    this.#log = log;
  }

  /** Resolves once LISTEN is in place, so nothing committed after it is missed. */
  async subscribe(workspaceId: string, fn: Subscriber): Promise<() => void> {
    const set = this.#subscribers.get(workspaceId) ?? new Set();
    set.add(fn);
    this.#subscribers.set(workspaceId, set);
    await this.#ensure();
    return () => {
      set.delete(fn);
      if (set.size === 0) this.#subscribers.delete(workspaceId);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#subscribers.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #ensure(): Promise<void> {
    if (this.#client || this.#closed) return Promise.resolve();
    this.#starting ??= this.#connect().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url });
    client.on("notification", (msg) => this.#deliver(msg.payload));
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#log.warn({ err: error }, "live stream listener lost its database connection");
      if (!this.#closed && this.#subscribers.size > 0)
        this.#retry = setTimeout(() => void this.#ensure().catch(() => undefined), 1000);
    };
    client.on("error", lost);
    client.on("end", () => lost());
    await client.connect();
    await client.query(`LISTEN ${LIVE_CHANNEL}`);
    if (this.#closed) {
      await client.end();
      return;
    }
    this.#client = client;
  }

  #deliver(payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const event = liveEventSchema.safeParse(parsed);
    if (!event.success) return;
    for (const fn of this.#subscribers.get(event.data.workspaceId) ?? []) fn(event.data);
  }
}

const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/stream`: Server-Sent Events of the caller's workspace (agent, conversation, command and webhook
 * changes as ids; clients refetch what they show). EventSource cannot send headers, so besides the usual
 * Authorization header the access token may come as `?access_token=`, or the refresh cookie may be used.
 */
export async function streamRoutes(ctx: RouteContext, options: { authenticators: Authenticator[] }): Promise<void> {
  const { app, deps } = ctx;
  const listener = new LiveListener(deps.database.url, app.log);
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of [...open]) end();
    await listener.close();
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/stream",
    {
      onRequest: requireRole(options.authenticators, "agent"),
      schema: {
        tags: ["live"],
        summary: "Live updates as Server-Sent Events (`event: <type>`, `data: {workspaceId, type, id}`)",
        description:
          "Authenticate with `Authorization: Bearer`, `?access_token=<access token>` (for EventSource), or the refresh cookie.",
        querystring: z.object({ access_token: z.string().optional() }),
      },
    },
    async (req, reply) => {
      const { workspaceId } = principalOf(req);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        "x-request-id": req.id,
      });
      res.write("retry: 3000\n\n");
      const unsubscribe = await listener.subscribe(workspaceId, (event) => {
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      req.raw.on("close", end);
      res.write(": ready\n\n");
    },
  );
}
