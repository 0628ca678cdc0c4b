import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import WebSocket from "ws";
import { createUser } from "../src/auth/users.ts";
import { stateOf } from "../src/chat/candidates.ts";
import { routeQueue } from "../src/chat/route-run.ts";
import { createSession } from "../src/chat/sessions.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { agents, chatGroupMembers, chatGroups } from "../src/db/schema/index.ts";
import { ensureDefaultWorkspace } from "../src/db/workspaces.ts";
import { availabilityFacts } from "../src/domain/availability/index.ts";
import { randomToken, sha256Hex } from "../src/lib/crypto.ts";
import { newId } from "../src/lib/ids.ts";
import { benchDatabase, freePort, startHubProcess, stopProcess } from "./lib.ts";

/**
 * The built-in chat under load, against a real `serve --no-worker` process and PostgreSQL:
 *  1. SOCKETS widget sockets held by the web process, and its RSS (vs. a raw `ws` echo server holding as many);
 *  2. visitor message → agent socket latency at RATE messages/s for SECONDS (each stored before it is sent),
 *     with the agent socket dropped and resumed halfway: lost and reordered messages counted;
 *  3. time to route QUEUED chats to AGENTS agents (the routing job's code), and over-capacity assignments.
 * Bounded by the counts below. Prints one JSON line at the end.
 */
const SOCKETS = Number(process.env.SOCKETS ?? 10_000);
const RATE = Number(process.env.RATE ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 10);
const CONVERSATIONS = 100;
const QUEUED = 1000;
const AGENTS = 100;
const MAX_IN_FLIGHT = 256;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};
const round = (x: number) => Math.round(x * 10) / 10;
const rssOf = (pid: number | undefined) => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/\d+/)?.[0] ?? 0) * 1024;
};

async function openSockets(urls: string[], batch = 200): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < urls.length; i += batch) {
    const chunk = urls.slice(i, i + batch).map((u) => new WebSocket(u));
    await Promise.all(chunk.map((s) => once(s, "open")));
    out.push(...chunk);
  }
  return out;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  await migrateDatabase(database.url);
  const db = openDatabase(database.url, { max: 20 });
  const workspaceId = await ensureDefaultWorkspace(db.db);
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-chat-bench-"));
  const hub: ChildProcess = await startHubProcess(
    ["serve", "--no-worker"],
    {
      DATABASE_URL: database.url,
      ADMIN_API_KEY: "bench-chat-admin-key-0123456789",
      DATA_DIR: dataDir,
      WIDGET_RATE_PER_IP: "1000000",
      WIDGET_RATE_PER_SESSION: "1000000",
    },
    port,
  );
  const base = `http://127.0.0.1:${port}`;
  const wsBase = `ws://127.0.0.1:${port}`;
  const echoPort = await freePort();
  const echo = spawn(process.execPath, ["bench/chat-echo-server.ts"], {
    env: { ...process.env, PORT: String(echoPort) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(echo.stdout as NodeJS.ReadableStream, "data");
  const result: Record<string, unknown> = { sockets: SOCKETS, rate: RATE, seconds: SECONDS };
  try {
    // 1. Widget sockets: visitors and their conversations inserted in bulk (the API path is measured in part 2).
    const groupId = newId("grp");
    await db.db
      .insert(chatGroups)
      .values({ id: groupId, workspaceId, name: "Bench", routingStrategy: "least_loaded", isDefault: true });
    const tokens: string[] = [];
    for (let i = 0; i < SOCKETS; i += 1000) {
      const n = Math.min(1000, SOCKETS - i);
      const rows = Array.from({ length: n }, () => ({
        token: `vst_${randomToken(32)}`,
        visitor: newId("vis"),
        conv: newId("cnv"),
      }));
      tokens.push(...rows.map((r) => r.token));
      await db.pool.query(
        `insert into chat_visitors (id, workspace_id, token_hash) select * from unnest($1::text[], $2::text[], $3::text[])`,
        [rows.map((r) => r.visitor), rows.map(() => workspaceId), rows.map((r) => sha256Hex(r.token))],
      );
      await db.pool.query(
        `insert into chat_conversations (id, workspace_id, visitor_id, group_id, status) select c, $2, v, $3, 'closed' from unnest($1::text[], $4::text[]) as t(c, v)`,
        [rows.map((r) => r.conv), workspaceId, groupId, rows.map((r) => r.visitor)],
      );
    }
    const rssBefore = rssOf(hub.pid);
    const hubSockets = await openSockets(tokens.map((t) => `${wsBase}/api/widget/ws?token=${t}`));
    await new Promise((r) => setTimeout(r, 1000));
    const rssHub = rssOf(hub.pid);
    result.socketsHeld = hubSockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    // This process may hold only so many descriptors (ulimit -n): the hub's sockets go before the echo's come.
    for (const s of hubSockets) s.terminate();
    await new Promise((r) => setTimeout(r, 1000));
    const echoRssBefore = Number(await (await fetch(`http://127.0.0.1:${echoPort}/rss`)).text());
    const echoSockets = await openSockets(Array.from({ length: SOCKETS }, () => `ws://127.0.0.1:${echoPort}`));
    await new Promise((r) => setTimeout(r, 1000));
    const echoRss = Number(await (await fetch(`http://127.0.0.1:${echoPort}/rss`)).text());
    result.hubRssMb = round(rssHub / 1e6);
    result.hubRssIdleMb = round(rssBefore / 1e6);
    result.echoRssMb = round(echoRss / 1e6);
    result.echoRssIdleMb = round(echoRssBefore / 1e6);
    result.rssRatio = round((rssHub - rssBefore) / Math.max(1, echoRss - echoRssBefore));
    for (const s of echoSockets.slice(1)) s.terminate();

    // 2. Latency: CONVERSATIONS live chats, one agent socket following all of them, RATE visitor messages/s.
    const sessions: Array<{ sessionToken: string; conversationId: string }> = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const s = await createSession(db.db, {
        workspaceId,
        visitor: { name: `V${i}` },
        message: "hello",
        nowMs: Date.now(),
      });
      if (s) sessions.push(s.created);
    }
    await createUser(db.db, {
      workspaceId,
      email: "bench@chat.test",
      name: "Bench",
      role: "supervisor",
      password: "a-long-bench-password",
    });
    const login = (await (
      await fetch(`${base}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "bench@chat.test", password: "a-long-bench-password" }),
      })
    ).json()) as { accessToken: string };
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const lastPosition = new Map<string, number>();
    let reordered = 0;
    const received = new Set<string>();
    const connectAgent = async () => {
      const ws = new WebSocket(`${wsBase}/api/chat/ws?access_token=${login.accessToken}`);
      ws.on("message", (raw) => {
        const frame = JSON.parse(String(raw)) as {
          type: string;
          event?: { conversationId: string; position: number; text: string };
        };
        if (frame.type !== "event" || !frame.event) return;
        const e = frame.event;
        const prev = lastPosition.get(e.conversationId) ?? 0;
        if (e.position !== prev + 1) reordered++;
        lastPosition.set(e.conversationId, Math.max(prev, e.position));
        const t = sentAt.get(e.text);
        if (t !== undefined && !received.has(e.text)) {
          received.add(e.text);
          latencies.push(performance.now() - t);
        }
      });
      await once(ws, "open");
      for (const s of sessions)
        ws.send(
          JSON.stringify({
            type: "subscribe",
            conversationId: s.conversationId,
            after: lastPosition.get(s.conversationId) ?? 0,
          }),
        );
      return ws;
    };
    let agentSocket = await connectAgent();
    await new Promise((r) => setTimeout(r, 1000));
    const total = RATE * SECONDS;
    const start = performance.now();
    const posts: Promise<unknown>[] = [];
    let failed = 0;
    let inFlight = 0;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (i === Math.floor(total / 2)) {
        agentSocket.terminate();
        agentSocket = await connectAgent();
      }
      const s = sessions[i % sessions.length];
      if (!s) continue;
      // At most MAX_IN_FLIGHT requests at once: a generator that falls behind must not open thousands of sockets.
      while (inFlight >= MAX_IN_FLIGHT) await new Promise((r) => setTimeout(r, 1));
      const text = `m${i}`;
      sentAt.set(text, performance.now());
      inFlight++;
      posts.push(
        fetch(`${base}/api/widget/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${s.sessionToken}` },
          body: JSON.stringify({ text }),
        })
          .then(
            (r) => {
              if (r.status !== 201) failed++;
              return r.arrayBuffer();
            },
            () => {
              failed++;
            },
          )
          .finally(() => {
            inFlight--;
          }),
      );
    }
    await Promise.all(posts);
    const achievedRate = total / ((performance.now() - start) / 1000);
    for (let i = 0; i < 100 && received.size < total - failed; i++) await new Promise((r) => setTimeout(r, 100));
    agentSocket.terminate();
    result.messages = total;
    result.achievedRate = round(achievedRate);
    result.postFailures = failed;
    result.lost = total - failed - received.size;
    result.reordered = reordered;
    result.latencyP50Ms = round(percentile(latencies, 50));
    result.latencyP99Ms = round(percentile(latencies, 99));

    // Echo baseline at the same rate over one socket.
    const echoRtts: number[] = [];
    const probe = echoSockets[0];
    if (probe) {
      const sent = new Map<string, number>();
      probe.on("message", (raw) => {
        const t = sent.get(String(raw));
        if (t !== undefined) echoRtts.push(performance.now() - t);
      });
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const wait = t0 + (i * 1000) / RATE - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        sent.set(`e${i}`, performance.now());
        probe.send(`e${i}`);
      }
      for (let i = 0; i < 50 && echoRtts.length < total; i++) await new Promise((r) => setTimeout(r, 100));
    }
    result.echoP50Ms = round(percentile(echoRtts, 50));
    result.echoP99Ms = round(percentile(echoRtts, 99));
    result.p99Ratio = round(Number(result.latencyP99Ms) / Math.max(0.1, Number(result.echoP99Ms)));
    echoSockets[0]?.terminate();

    // 3. Routing: QUEUED chats, AGENTS agents with room for QUEUED / AGENTS chats each.
    const routeWs = newId("wsp");
    const routeGroup = newId("grp");
    await db.db
      .insert(chatGroups)
      .values({ id: routeGroup, workspaceId: routeWs, name: "Route", routingStrategy: "round_robin", isDefault: true });
    const perAgent = QUEUED / AGENTS;
    for (let i = 0; i < AGENTS; i++) {
      const id = newId("agt");
      await db.db.insert(agents).values({
        id,
        workspaceId: routeWs,
        name: `A${i}`,
        email: `a${i}@route.bench`,
        capacity: perAgent * 20,
        maxChats: perAgent,
      });
      await db.db.insert(chatGroupMembers).values({ workspaceId: routeWs, groupId: routeGroup, agentId: id });
    }
    for (let i = 0; i < QUEUED; i++)
      await createSession(db.db, { workspaceId: routeWs, visitor: {}, message: `q${i}`, nowMs: Date.now() });
    const r0 = performance.now();
    const routed = await routeQueue(db.db, routeWs, Date.now);
    result.routeMs = Math.round(performance.now() - r0);
    result.routed = routed.assigned;
    const rows = await db.db.select().from(agents).where(eq(agents.workspaceId, routeWs));
    result.overCapacity = rows.filter((r) => {
      const s = stateOf(r);
      return availabilityFacts(s).load > s.capacity || s.engagements.length > r.maxChats;
    }).length;
    const [left] = (
      await db.db.execute(
        sql`select count(*)::int as n from chat_conversations where workspace_id = ${routeWs} and status = 'queued'`,
      )
    ).rows as Array<{ n: number }>;
    result.stillQueued = left?.n ?? -1;
  } finally {
    echo.kill("SIGTERM");
    await stopProcess(hub);
    await db.close();
    await database.stop();
  }
  process.stdout.write(`${JSON.stringify({ bench: "chat", ...result })}\n`);
}

await main();
