import os from "node:os";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { stateOf } from "../src/chat/candidates.ts";
import { routeQueue } from "../src/chat/route-run.ts";
import { createSession } from "../src/chat/sessions.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { agents, chatGroupMembers, chatGroups } from "../src/db/schema/index.ts";
import { availabilityFacts, initialAgentState, startChat } from "../src/domain/availability/index.ts";
import { newId } from "../src/lib/ids.ts";
import { benchDatabase } from "./lib.ts";

/**
 * The routing job's code alone, against a real PostgreSQL: QUEUED chats waiting, AGENTS agents in one round-robin
 * group with room for QUEUED / AGENTS built-in chats each; every other agent also holds LIVECHAT LiveChat chats, so
 * capacity across channels decides for them. Counts the SQL statements the run sends (every pg query call), the
 * assignments over an agent's capacity or chat limit, and compares the run with a baseline of as many sequential
 * `select 1` round trips on the same pool. Bounded by the counts below. Prints one JSON line at the end.
 */
const QUEUED = Number(process.env.QUEUED ?? 1000);
const AGENTS = Number(process.env.AGENTS ?? 100);
const LIVECHAT = 2;
const BASELINE_QUERIES = 1000;

let counting = false;
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

async function main(): Promise<void> {
  const database = await benchDatabase();
  await migrateDatabase(database.url);
  const db = openDatabase(database.url, { max: 5 });
  const result: Record<string, number | string> = { queued: QUEUED, agents: AGENTS };
  try {
    const workspaceId = newId("wsp");
    const groupId = newId("grp");
    await db.db
      .insert(chatGroups)
      .values({ id: groupId, workspaceId, name: "Route", routingStrategy: "round_robin", isDefault: true });
    const perAgent = Math.ceil(QUEUED / AGENTS);
    for (let i = 0; i < AGENTS; i++) {
      const id = newId("agt");
      let state = initialAgentState({ capacity: (perAgent + LIVECHAT) * 20 });
      if (i % 2 === 1)
        for (let c = 0; c < LIVECHAT; c++)
          state = startChat(state, { platform: "livechat", id: `lc-${i}-${c}`, at: new Date().toISOString() }).state;
      await db.db.insert(agents).values({
        id,
        workspaceId,
        name: `A${i}`,
        email: `a${i}@route.bench`,
        capacity: (perAgent + LIVECHAT) * 20,
        maxChats: perAgent,
        state: state as unknown as Record<string, unknown>,
      });
      await db.db.insert(chatGroupMembers).values({ workspaceId, groupId, agentId: id });
    }
    for (let i = 0; i < QUEUED; i++)
      await createSession(db.db, { workspaceId, visitor: {}, message: `q${i}`, nowMs: Date.now() });

    const b0 = performance.now();
    for (let i = 0; i < BASELINE_QUERIES; i++) await db.pool.query("select 1");
    const baselineMs = performance.now() - b0;

    const load = os.loadavg()[0] ?? 0;
    counting = true;
    const r0 = performance.now();
    const routed = await routeQueue(db.db, workspaceId, Date.now);
    const routeMs = performance.now() - r0;
    counting = false;

    const rows = await db.db.select().from(agents).where(eq(agents.workspaceId, workspaceId));
    const overCapacity = rows.filter((r) => {
      const s = stateOf(r);
      const builtin = s.engagements.filter((e) => e.platform === "builtin").length;
      return availabilityFacts(s).load > s.capacity || builtin > r.maxChats;
    }).length;
    const [left] = (
      await db.db.execute(
        sql`select count(*)::int as n from chat_conversations where workspace_id = ${workspaceId} and status = 'queued'`,
      )
    ).rows as Array<{ n: number }>;
    Object.assign(result, {
      routeSeconds: Math.round(routeMs / 100) / 10,
      routed: routed.assigned,
      statements,
      statementsPerAssignment: Math.round((statements / Math.max(1, routed.assigned)) * 100) / 100,
      overCapacity,
      stillQueued: left?.n ?? -1,
      baselineSelect1Ms: Math.round(baselineMs),
      ratioToBaseline: Math.round((routeMs / baselineMs) * 100) / 100,
      loadAvg1m: Math.round(load * 100) / 100,
      loadAvgAfter1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    });
  } finally {
    await db.close();
    await database.stop();
  }
  process.stdout.write(`${JSON.stringify({ bench: "chat-route", ...result })}\n`);
}

await main();
