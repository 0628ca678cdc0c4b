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
import { availabilityByHour, HOUR_MS } from "../stats/hourly-availability.ts";
import { loadAgentHistories, loadLatency } from "../stats/load.ts";
import { timeInStates } from "../stats/state-segments.ts";
import { builtinChatStatsSchema } from "./chat-contracts.ts";
import { idParams, type StatsDto, statsQuery, statsSchema } from "./contracts.ts";

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

/** GET /api/stats (live counts and per-hour series) and GET /api/agents/:id/stats. */
export async function statsRoutes(ctx: RouteContext): Promise<void> {
  const { app, deps, auth } = ctx;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;

  r.get(
    "/api/agents/:id/stats",
    {
      onRequest: auth("agent"),
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
      onRequest: auth("agent"),
      schema: {
        tags: ["stats"],
        summary: "Live counts; per-hour volume and availability and latency percentiles from the stored history",
        querystring: statsQuery,
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
      const hours = req.query.hours;
      const firstHour = Math.floor(now / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS;
      const histories = await loadAgentHistories(db, ws, firstHour, now);
      return {
        at: new Date(now).toISOString(),
        from: new Date(firstHour).toISOString(),
        agents: { total: agentRows.length, byStatus },
        active: {
          chats: active.find((a) => a.channel === "chat")?.n ?? 0,
          calls: active.find((a) => a.channel === "call")?.n ?? 0,
        },
        customers: { total: customerCount?.n ?? 0, pendingMatches: await pendingMatchCount(db, ws) },
        commands: Object.fromEntries(commandRows.map((c) => [c.status, c.n])),
        webhooksLastHour: Object.fromEntries(hookRows.map((h) => [h.status, h.n])),
        hourly: await hourly(ctx, ws, now, hours),
        availability: availabilityByHour(histories, firstHour, hours, now).map((h) => ({
          hour: new Date(h.hourMs).toISOString(),
          states: h.states,
        })),
        latency: await loadLatency(db, ws, firstHour, now),
      };
    },
  );
}

async function hourly(
  ctx: RouteContext,
  workspaceId: string,
  nowMs: number,
  hours: number,
): Promise<StatsDto["hourly"]> {
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
  const out: StatsDto["hourly"] = [];
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
