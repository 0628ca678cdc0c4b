import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../src/db/schema/index.ts";
import { type HubCluster, startHubCluster } from "../helpers/hub-cluster.ts";
import { formatLines, type HubProcess } from "../helpers/hub-process.ts";
import { type Delivery, streamWebhooks } from "../helpers/webhook-stream.ts";

/**
 * "Nothing is ever lost" with real crashes: web and worker as processes of their own on the test PostgreSQL
 * server, a steady stream of LiveChat message webhooks, and SIGKILL mid-load — first of a worker while it holds
 * locked jobs (its local-queue batch included), then of the web process. After each, every acknowledged webhook
 * is stored and processed within 30 s of the end of the load, no job stays locked by a dead worker, and no
 * message is stored twice.
 */
const RATE = 60;
const PER_PHASE = 480;
const AFTER_LOAD_MS = 30_000;

let cluster: HubCluster;
let connectionId = "";
let secret = "";
const chats: Array<{ chatId: string; threadId: string }> = [];

const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  cluster.deps.database.pool.query<R>(text, values).then((r) => r.rows);

beforeAll(async () => {
  cluster = await startHubCluster({ webs: 1, workers: 1, env: { RECONCILE_INTERVAL_SECONDS: "3600" } });
  const [row] = await cluster.deps.database.db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.workspaceId, cluster.workspaceId), eq(connections.platform, "livechat")));
  connectionId = row?.id ?? "";
  secret = (await cluster.deps.connections.get(connectionId))?.webhookSecret ?? "";
  const lc = cluster.sandboxes.livechat.url;
  const agents = (await (await fetch(`${lc}/_sim/agents`)).json()) as Array<{ id: string }>;
  for (const [i, agent] of agents.slice(0, 4).entries()) {
    const res = await fetch(`${lc}/_sim/chats`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ agentId: agent.id, customer: { name: `Customer ${i}`, email: `c${i}@example.com` } }),
    });
    chats.push((await res.json()) as { chatId: string; threadId: string });
  }
  // The chats' conversation records must exist before their messages stream in.
  await until(async () => {
    const rows = await sql("select 1 from conversations where external_id = any($1)", [chats.map((c) => c.chatId)]);
    return rows.length === chats.length;
  }, 30_000);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

function deliveries(phase: string): Delivery[] {
  return Array.from({ length: PER_PHASE }, (_, n) => {
    const chat = chats[n % chats.length] ?? { chatId: "", threadId: "" };
    const eventId = `${chat.threadId}_${phase}${n}`;
    const body = JSON.stringify({
      webhook_id: "2c0b13904e79b2aca271e5f84b898f35",
      secret_key: secret,
      action: "incoming_event",
      organization_id: "390e44e6-f1e6-0368-c0bb-1f3b1a3f3e7e",
      payload: {
        chat_id: chat.chatId,
        thread_id: chat.threadId,
        event: {
          id: eventId,
          created_at: new Date(Date.UTC(2026, 10, 21, 10, 0, 0, n)).toISOString(),
          type: "message",
          text: `message ${phase} ${n}`,
          author_id: `customer-${n % chats.length}`,
          visibility: "all",
        },
      },
      additional_data: {},
    });
    return { key: eventId, body, headers: { "content-type": "application/json" } };
  });
}

const webhookUrl = () => `${cluster.webs[0]?.url}/webhooks/livechat/${connectionId}`;

/** SIGSTOP, and SIGKILL only once the worker is frozen holding locked jobs (else let it run a moment longer). */
async function killHoldingJobs(worker: HubProcess): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    await worker.signal("SIGSTOP");
    const held = await sql<{ locked_by: string }>(
      `select distinct locked_by from graphile_worker._private_jobs where locked_by is not null
       union select distinct locked_by from graphile_worker._private_job_queues where locked_by is not null`,
    );
    if (held.length > 0) {
      await worker.signal("SIGKILL");
      return held.map((h) => h.locked_by);
    }
    await worker.signal("SIGCONT");
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the worker never held a locked job under load");
}

/** Everything the promise covers, read from the database: what was stored, processed, left locked. */
async function outcome(keys: string[], deadPools: string[]) {
  const events = await sql<{ dedupe_key: string; status: string }>(
    "select dedupe_key, status from webhook_events where connection_id = $1 and dedupe_key = any($2)",
    [connectionId, keys.map((k) => `incoming_event:${k}`)],
  );
  const stored = await sql<{ external_id: string; n: string }>(
    "select external_id, count(*) as n from messages where external_id = any($1) group by external_id",
    [keys],
  );
  const lockedByDead = await sql<{ n: string }>(
    `select (select count(*) from graphile_worker._private_jobs where locked_by = any($1))
          + (select count(*) from graphile_worker._private_job_queues where locked_by = any($1)) as n`,
    [deadPools],
  );
  const pendingWebhookJobs = await sql<{ n: string }>(
    "select count(*) as n from graphile_worker.jobs where task_identifier = 'process-webhook'",
  );
  return {
    stored: events.length,
    processed: events.filter((e) => e.status === "processed").length,
    messages: stored.length,
    storedTwice: stored.filter((m) => Number(m.n) > 1).map((m) => m.external_id),
    lockedByDeadWorkers: Number(lockedByDead[0]?.n ?? 0),
    pendingWebhookJobs: Number(pendingWebhookJobs[0]?.n ?? 0),
  };
}

async function settleAfterLoad(keys: string[], deadPools: string[]) {
  let last = await outcome(keys, deadPools);
  const deadline = Date.now() + AFTER_LOAD_MS;
  while (Date.now() < deadline) {
    if (last.processed === keys.length && last.lockedByDeadWorkers === 0 && last.pendingWebhookJobs === 0) break;
    await new Promise((r) => setTimeout(r, 250));
    last = await outcome(keys, deadPools);
  }
  return last;
}

/** No job or named queue is locked by a pool without a fresh heartbeat: every lock belongs to a live worker. */
async function locksOfUnknownPools(): Promise<string[]> {
  const rows = await sql<{ locked_by: string }>(
    `select locked_by from graphile_worker._private_jobs where locked_by is not null
     union select locked_by from graphile_worker._private_job_queues where locked_by is not null
     except select pool_id from worker_heartbeats where last_seen_at > now() - interval '10 seconds'`,
  );
  return rows.map((r) => r.locked_by);
}

describe("crash recovery: web and worker processes killed mid-load", () => {
  it("a SIGKILLed worker's locked jobs run on the restarted worker within seconds, not after 4 hours", async () => {
    const list = deliveries("w");
    const stream = streamWebhooks({ url: webhookUrl, deliveries: list, perSecond: RATE, deadlineMs: 120_000 });
    await until(async () => stream.sent() >= RATE * 2, 20_000);
    const worker = cluster.workers[0];
    if (!worker) throw new Error("no worker");
    const deadPools = await killHoldingJobs(worker);
    expect(worker.exit()?.signal).toBe("SIGKILL");
    await new Promise((r) => setTimeout(r, 1000));
    const restarted = await cluster.respawn(worker);
    const result = await stream.done;
    expect(result.unacknowledged).toEqual([]);

    const after = await settleAfterLoad(result.acknowledged, deadPools);
    expect(after, formatLines(restarted, 20)).toEqual({
      stored: list.length,
      processed: list.length,
      messages: list.length,
      storedTwice: [],
      lockedByDeadWorkers: 0,
      pendingWebhookJobs: 0,
    });
    expect(await locksOfUnknownPools()).toEqual([]);
  }, 180_000);

  it("a SIGKILLed web process loses no acknowledged webhook: redeliveries are stored once and processed", async () => {
    const list = deliveries("h");
    const stream = streamWebhooks({ url: webhookUrl, deliveries: list, perSecond: RATE, deadlineMs: 120_000 });
    await until(async () => stream.sent() >= RATE * 2, 20_000);
    const web = cluster.webs[0];
    if (!web) throw new Error("no web process");
    await web.signal("SIGKILL");
    expect(web.exit()?.signal).toBe("SIGKILL");
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.respawn(web);
    const result = await stream.done;
    expect(result.unacknowledged).toEqual([]);
    // The platform had to deliver again what the dead process never answered.
    expect(result.retried).toBeGreaterThan(0);

    const after = await settleAfterLoad(result.acknowledged, []);
    expect(after).toEqual({
      stored: list.length,
      processed: list.length,
      messages: list.length,
      storedTwice: [],
      lockedByDeadWorkers: 0,
      pendingWebhookJobs: 0,
    });
    expect(await locksOfUnknownPools()).toEqual([]);
  }, 180_000);
});
