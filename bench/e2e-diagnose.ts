import os from "node:os";
import type pg from "pg";
import { z } from "zod";
import { DEMO_AGENTS } from "../sim/shared/demo-team.ts";
import type { Truth } from "../src/sandbox/truth.ts";
import type { E2eHub } from "./e2e-hub.ts";

/** Per command kind and status since `since`, with the most frequent last errors: where the writes went. */
export async function commandSummary(pool: pg.Pool, since: Date): Promise<string[]> {
  const { rows } = await pool.query<{ kind: string; status: string; n: string; cause: string }>(
    `select kind, status, count(*) as n,
            case when cause like 'evt_%' then 'webhook' when cause like 'cmd_%' then 'command result'
                 when cause = 'reconciliation' then 'reconciliation' else split_part(cause, ':', 1) end as cause
       from commands where created_at >= $1 group by 1, 2, 4 order by 1, 2, 4`,
    [since],
  );
  const errors = await pool.query<{ kind: string; err: string; n: string }>(
    `select kind, left(last_error, 90) as err, count(*) as n from commands
      where created_at >= $1 and last_error is not null group by 1, 2 order by 3 desc limit 6`,
    [since],
  );
  return [
    ...rows.map((r) => `    ${r.kind.padEnd(30)} ${r.status.padEnd(11)} ${r.n.padStart(5)}  caused by ${r.cause}`),
    ...errors.rows.map((e) => `    last error ×${e.n} ${e.kind}: ${e.err}`),
  ];
}

const historySchema = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      detail: z.record(z.string(), z.unknown()),
      cause: z.string().nullable(),
    }),
  ),
});

const agentsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      email: z.string().nullable(),
      intent: z.object({ status: z.string(), source: z.string() }),
      engagements: z.array(
        z.object({ kind: z.string(), platform: z.string(), id: z.string(), status: z.string().optional() }),
      ),
    }),
  ),
});

/** The hub's belief next to the truth, for the agents named: what the engine thinks each person is doing. */
export async function hubBeliefs(hub: E2eHub, truth: Truth, names: Set<string>): Promise<string[]> {
  const agents = await hub.api(agentsSchema, "/api/agents");
  const lines: string[] = [];
  for (const [i, demo] of DEMO_AGENTS.entries()) {
    if (!names.has(demo.name)) continue;
    const t = truth[i];
    const view = agents.items.find((a) => a.email === demo.email);
    if (!t || !view) continue;
    const engaged = view.engagements.map((e) => `${e.platform}:${e.kind}${e.status ? `(${e.status})` : ""}`).join(" ");
    const real = [...[...t.chats.values()].map((p) => `${p}:chat`), ...[...t.calls.values()].map((c) => `call(${c})`)];
    lines.push(
      `    ${demo.name.padEnd(18)} truth: ${t.intent}, ${real.join(" ") || "idle"}   hub: ${view.intent.status} (from ${view.intent.source}), ${engaged || "idle"}`,
    );
    // The last intent changes the hub recorded, with what caused them: the evidence for a misread.
    const history = await hub.api(historySchema, `/api/agents/${view.id}/availability-history?limit=200`);
    const intents = history.items.filter((h) => h.kind === "intent").slice(0, 3);
    for (const h of intents) lines.push(`        ${h.at} intent ${JSON.stringify(h.detail)} cause ${h.cause}`);
  }
  return lines;
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");

/**
 * What the hub wrote to one agent's platform around a divergence: for a long one this says whether the hub
 * never tried, tried late (queued behind a rate limit or an open circuit), or wrote the wrong target.
 */
export async function commandsAround(
  pool: pg.Pool,
  email: string,
  platform: string,
  fromMs: number,
  toMs: number,
): Promise<string[]> {
  const { rows } = await pool.query<{
    created: string;
    completed: string | null;
    status: string;
    target: unknown;
    cause: string | null;
    err: string | null;
  }>(
    `select to_char(c.created_at, 'HH24:MI:SS.MS') as created, to_char(c.completed_at, 'HH24:MI:SS.MS') as completed,
            c.status, c.payload->'target' as target, c.cause, left(c.last_error, 70) as err
       from commands c join agents a on a.id = c.agent_id
      where a.email = $1 and c.platform = $2 and c.created_at between $3 and $4
        and c.kind <> 'ringcentral.post_message'
      order by c.created_at limit 12`,
    [email, platform, new Date(fromMs), new Date(toMs)],
  );
  return rows.map(
    (r) =>
      `        ${r.created} → ${r.completed ?? "—"}  ${r.status.padEnd(10)} ${JSON.stringify(r.target)} cause ${r.cause}${r.err ? `  (${r.err})` : ""}`,
  );
}
