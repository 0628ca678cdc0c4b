import { and, asc, count, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { agentViews } from "../agents/view.ts";
import { builtinChatStats } from "../chat/stats.ts";
import { pendingMatchCount } from "../customers/views.ts";
import { agents, availabilityHistory, commands, conversations, customers, webhookEvents } from "../db/schema/index.ts";
import { principalOf } from "../http/auth.ts";
import { ApiError, notFound } from "../http/errors.ts";
import type { RouteContext } from "../http/routes.ts";
import { builtinChatStatsSchema } from "./chat-contracts.ts";
import { idParams } from "./contracts.ts";

const DAY_MS = 86_400_000;
const rangeQuery = z.object({
  /** Default: 24 hours before `to`. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Default: now. */
  to: z.iso.datetime({ offset: true }).optional(),
});

const agentStatsSchema = z.object({
  agentId: z.string(),
  from: z.string(),
  to: z.string(),
  chatsHandled: z.number(),
  callsHandled: z.number(),
  callsMissed: z.number(),
  talkTimeSec: z.number(),
  /** Seconds in each state (available, busy_with_chats, on_call, away, offline), replayed from the history. */
  timeInStateSec: z.record(z.string(), z.number()),
  /** Built-in chats assigned in the range (also counted in chatsHandled once closed). */
  builtinChat: builtinChatStatsSchema,
});

const hourSchema = z.object({ hour: z.string(), chats: z.number(), calls: z.number(), webhooks: z.number() });
const statsSchema = z.object({
  at: z.string(),
  agents: z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) }),
  active: z.object({ chats: z.number(), calls: z.number() }),
  customers: z.object({ total: z.number(), pendingMatches: z.number() }),
  commands: z.record(z.string(), z.number()),
  webhooksLastHour: z.record(z.string(), z.number()),
  /** One entry per hour, oldest first, the current hour last. */
  hourly: z.array(hourSchema),
});

/** GET /api/stats (live counts and per-hour series) and GET /api/agents/:id/stats. */
export async function statsRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  r.get(
    "/api/agents/:id/stats",
    {
      preHandler: auth("agent"),
      schema: {
        tags: ["agents"],
        summary: "Chats and calls handled, talk time and time per availability state over a range",
        params: idParams,
        querystring: rangeQuery,
        response: { 200: agentStatsSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const [agent] = await db
        .select()
        .from(agents)
        .where(and(eq(agents.workspaceId, p.workspaceId), eq(agents.id, req.params.id), isNull(agents.deletedAt)));
      if (!agent) throw notFound("agent");
      const to = req.query.to ? new Date(req.query.to) : new Date(deps.now());
      const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - DAY_MS);
      if (from >= to) throw new ApiError("bad_request", "`from` must be before `to`");
      const inRange = and(
        eq(conversations.workspaceId, p.workspaceId),
        eq(conversations.agentId, agent.id),
        gte(conversations.startedAt, from),
        lt(conversations.startedAt, to),
      );
      const [chats] = await db
        .select({ n: count() })
        .from(conversations)
        .where(and(inRange, eq(conversations.channel, "chat")));
      const [calls] = await db
        .select({
          answered: sql<number>`count(*) filter (where ${conversations.details}->>'result' = 'Answered')::int`,
          missed: sql<number>`count(*) filter (where ${conversations.details}->>'result' = 'Missed')::int`,
          talk: sql<number>`coalesce(sum((${conversations.details}->>'durationSec')::numeric), 0)::int`,
        })
        .from(conversations)
        .where(and(inRange, eq(conversations.channel, "call")));
      const history = await db
        .select({ at: availabilityHistory.at, kind: availabilityHistory.kind, detail: availabilityHistory.detail })
        .from(availabilityHistory)
        .where(
          and(
            eq(availabilityHistory.workspaceId, p.workspaceId),
            eq(availabilityHistory.agentId, agent.id),
            lt(availabilityHistory.at, to),
          ),
        )
        .orderBy(asc(availabilityHistory.id));
      const start = Math.max(from.getTime(), agent.createdAt.getTime());
      const builtinChat = await builtinChatStats(db, { workspaceId: p.workspaceId, agentId: agent.id, from, to });
      return {
        agentId: agent.id,
        from: from.toISOString(),
        to: to.toISOString(),
        chatsHandled: (chats?.n ?? 0) + builtinChat.chatsHandled,
        callsHandled: calls?.answered ?? 0,
        callsMissed: calls?.missed ?? 0,
        talkTimeSec: calls?.talk ?? 0,
        timeInStateSec: timeInStates(history, start, to.getTime()),
        builtinChat,
      };
    },
  );

  r.get(
    "/api/stats",
    {
      preHandler: auth("agent"),
      schema: {
        tags: ["stats"],
        summary: "Live counts and per-hour series for the dashboard",
        querystring: z.object({ hours: z.coerce.number().int().min(1).max(168).default(24) }),
        response: { 200: statsSchema },
      },
    },
    async (req) => {
      const ws = principalOf(req).workspaceId;
      const now = deps.now();
      const agentRows = await db
        .select()
        .from(agents)
        .where(and(eq(agents.workspaceId, ws), isNull(agents.deletedAt)));
      const byStatus: Record<string, number> = {};
      for (const a of await agentViews(db, agentRows)) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const active = await db
        .select({ channel: conversations.channel, n: count() })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, ws), eq(conversations.status, "active")))
        .groupBy(conversations.channel);
      const [customerCount] = await db
        .select({ n: count() })
        .from(customers)
        .where(and(eq(customers.workspaceId, ws), isNull(customers.mergedInto)));
      const commandRows = await db
        .select({ status: commands.status, n: count() })
        .from(commands)
        .where(eq(commands.workspaceId, ws))
        .groupBy(commands.status);
      const hookRows = await db
        .select({ status: webhookEvents.status, n: count() })
        .from(webhookEvents)
        .where(and(eq(webhookEvents.workspaceId, ws), gte(webhookEvents.receivedAt, new Date(now - 3_600_000))))
        .groupBy(webhookEvents.status);
      return {
        at: new Date(now).toISOString(),
        agents: { total: agentRows.length, byStatus },
        active: {
          chats: active.find((a) => a.channel === "chat")?.n ?? 0,
          calls: active.find((a) => a.channel === "call")?.n ?? 0,
        },
        customers: { total: customerCount?.n ?? 0, pendingMatches: await pendingMatchCount(db, ws) },
        commands: Object.fromEntries(commandRows.map((c) => [c.status, c.n])),
        webhooksLastHour: Object.fromEntries(hookRows.map((h) => [h.status, h.n])),
        hourly: await hourly(ctx, ws, now, req.query.hours),
      };
    },
  );
}

async function hourly(
  ctx: RouteContext,
  workspaceId: string,
  nowMs: number,
  hours: number,
): Promise<z.infer<typeof hourSchema>[]> {
  const db = ctx.deps.database.db;
  const firstHour = Math.floor(nowMs / 3_600_000) * 3_600_000 - (hours - 1) * 3_600_000;
  const since = new Date(firstHour);
  const bucket = (column: typeof conversations.startedAt | typeof webhookEvents.receivedAt) =>
    sql<string>`to_char(date_trunc('hour', ${column} at time zone 'UTC'), 'YYYY-MM-DD"T"HH24')`;
  const convRows = await db
    .select({ hour: bucket(conversations.startedAt), channel: conversations.channel, n: count() })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), gte(conversations.startedAt, since)))
    .groupBy(sql`1`, conversations.channel);
  const hookRows = await db
    .select({ hour: bucket(webhookEvents.receivedAt), n: count() })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.workspaceId, workspaceId), gte(webhookEvents.receivedAt, since)))
    .groupBy(sql`1`);
  const out: z.infer<typeof hourSchema>[] = [];
  for (let i = 0; i < hours; i++) {
    const key = new Date(firstHour + i * 3_600_000).toISOString().slice(0, 13);
    out.push({
      hour: `${key}:00:00.000Z`,
      chats: convRows.find((c) => c.hour === key && c.channel === "chat")?.n ?? 0,
      calls: convRows.find((c) => c.hour === key && c.channel === "call")?.n ?? 0,
      webhooks: hookRows.find((h) => h.hour === key)?.n ?? 0,
    });
  }
  return out;
}

export type HistoryRow = { at: Date; kind: string; detail: Record<string, unknown> };

/**
 * Seconds an agent spent in each state within [fromMs, toMs), replayed from the availability history (oldest
 * first, including rows before `fromMs` to know where the range starts). The state follows the board's words:
 * a chosen away/offline wins; else on a call, busy with chats, or available. Capacity limits are not replayed,
 * so "at capacity" counts as busy_with_chats.
 */
export function timeInStates(rows: readonly HistoryRow[], fromMs: number, toMs: number): Record<string, number> {
  const totals: Record<string, number> = {};
  let intent = "available";
  const engaged = new Map<string, string>();
  let since = fromMs;
  const state = (): string => {
    if (intent !== "available") return intent;
    const kinds = [...engaged.values()];
    return kinds.includes("call") ? "on_call" : kinds.length > 0 ? "busy_with_chats" : "available";
  };
  const close = (untilMs: number) => {
    const end = Math.min(untilMs, toMs);
    if (end > since) totals[state()] = (totals[state()] ?? 0) + (end - since) / 1000;
    since = Math.max(since, end);
  };
  for (const row of rows) {
    const at = row.at.getTime();
    if (at >= toMs) break;
    if (at > fromMs) close(at);
    const d = row.detail;
    if (row.kind === "intent" && typeof d.to === "string") intent = d.to;
    const e = d.engagement as { kind?: unknown; platform?: unknown; id?: unknown; partyId?: unknown } | undefined;
    if (e && typeof e.kind === "string") {
      const key = `${e.kind}:${String(e.platform)}:${String(e.id)}:${String(e.partyId ?? "")}`;
      if (row.kind === "engagement_started") engaged.set(key, e.kind);
      if (row.kind === "engagement_ended") engaged.delete(key);
    }
  }
  close(toMs);
  for (const k of Object.keys(totals)) totals[k] = Math.round(totals[k] ?? 0);
  return totals;
}
