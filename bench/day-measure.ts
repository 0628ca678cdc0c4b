import { readdirSync, readFileSync } from "node:fs";
import type pg from "pg";

/** What bench/day.ts reads back from the hub's database after (and while) the day plays. */

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

/** RingCentral presence writes: created → completed, of those that succeeded since `since`. */
export async function presenceLatency(pool: pg.Pool, since: Date): Promise<{ n: number; p50: number; p99: number }> {
  const res = await pool.query<{ ms: number }>(
    `select extract(epoch from (completed_at - created_at)) * 1000 as ms from commands
      where kind = 'ringcentral.set_presence' and status = 'succeeded' and created_at >= $1`,
    [since],
  );
  const ms = res.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  return { n: ms.length, p50: Math.round(percentile(ms, 50)), p99: Math.round(percentile(ms, 99)) };
}

/** Commands by state since `since`: dead letters are the goal-0 figure. */
export async function commandCounts(pool: pg.Pool, since: Date): Promise<Record<string, number>> {
  const res = await pool.query<{ status: string; waiting: boolean; n: string }>(
    `select status, waiting_reason is not null as waiting, count(*)::text as n from commands
      where created_at >= $1 group by 1, 2`,
    [since],
  );
  const out: Record<string, number> = {};
  for (const r of res.rows) {
    const key = r.status === "pending" && r.waiting ? "waiting" : r.status;
    out[key] = (out[key] ?? 0) + Number(r.n);
  }
  return out;
}

/**
 * Team Messaging: customer-visible chat messages with an agent (what the hub must mirror), and how many of them
 * appear (as "who: text") in a post RingCentral accepted for that agent. Chat-end transcripts repeat messages,
 * so a message counts once however many posts carry it; a phrase repeated word for word in another chat of the
 * same agent may be counted as delivered by that chat's post (the script's phrases come from a small pool).
 */
export async function teamMessaging(
  pool: pg.Pool,
  since: Date,
): Promise<{ messages: number; delivered: number; posts: number; unsentPosts: number; deadPosts: number }> {
  const res = await pool.query<{ messages: string; delivered: string }>(
    `select count(*)::text as messages,
            count(*) filter (where exists (
              select 1 from commands p
               where p.kind = 'ringcentral.post_message' and p.status = 'succeeded' and p.agent_id = c.agent_id
                 and p.created_at >= $1
                 and position((case when m.author_type = 'customer'
                                    then coalesce(c.customer->>'name', c.customer->>'email', 'Customer')
                                    else m.author_type end) || ': ' || m.text in p.payload->>'text') > 0
            ))::text as delivered
       from messages m join conversations c on c.id = m.conversation_id
      where m.private = false and c.agent_id is not null and m.at >= $1`,
    [since],
  );
  const posts = await pool.query<{ status: string; n: string }>(
    `select status, count(*)::text as n from commands
      where kind = 'ringcentral.post_message' and created_at >= $1 group by status`,
    [since],
  );
  const n = (pred: (s: string) => boolean) =>
    posts.rows.filter((r) => pred(r.status)).reduce((a, r) => a + Number(r.n), 0);
  return {
    messages: Number(res.rows[0]?.messages ?? 0),
    delivered: Number(res.rows[0]?.delivered ?? 0),
    posts: n((s) => s === "succeeded"),
    unsentPosts: n((s) => s === "pending" || s === "running" || s === "failed"),
    deadPosts: n((s) => s === "dead"),
  };
}

/** Answered calls (the sandbox records every answered call) and how many got their recording attached. */
export async function recordings(pool: pg.Pool, since: Date): Promise<{ recorded: number; attached: number }> {
  const res = await pool.query<{ recorded: string; attached: string }>(
    `select count(*) filter (where details ? 'answeredAt')::text as recorded,
            count(*) filter (where details ? 'answeredAt' and details ? 'recording')::text as attached
       from conversations where channel = 'call' and started_at >= $1`,
    [since],
  );
  return { recorded: Number(res.rows[0]?.recorded ?? 0), attached: Number(res.rows[0]?.attached ?? 0) };
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(m?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory (MB) of the hub process and of the bench's PostgreSQL (postmaster and backends). */
export function memory(hubPid: number | undefined): { hubMb: number; postgresMb: number } {
  let postgres = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = "";
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmdline.includes("postgres") && (cmdline.includes("switchboard-bench-") || cmdline.startsWith("postgres:")))
      postgres += rssKb(Number(entry));
  }
  return { hubMb: Math.round((hubPid ? rssKb(hubPid) : 0) / 1024), postgresMb: Math.round(postgres / 1024) };
}

/** Agents the hub knows on all three platforms. */
export async function discoveredAgents(pool: pg.Pool): Promise<number> {
  const res = await pool.query<{ n: string }>(
    `select count(*)::text as n from (select agent_id from agent_identities group by agent_id
      having count(distinct platform) = 3) a`,
  );
  return Number(res.rows[0]?.n ?? 0);
}
