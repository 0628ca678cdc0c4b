import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A fixed-window counter in PostgreSQL, so every web process shares one budget per key (an IP, a session).
 * One statement: it starts a new window or counts into the current one, and returns the count.
 */
export async function hitRateLimit(
  db: DbOrTx,
  input: { workspaceId: string; key: string; max: number; windowMs: number; nowMs: number },
): Promise<RateVerdict> {
  const windowStart = new Date(Math.floor(input.nowMs / input.windowMs) * input.windowMs);
  const res = await db.execute<{ hits: number }>(sql`
    insert into chat_rate_limits (workspace_id, key, window_start, hits)
    values (${input.workspaceId}, ${input.key}, ${windowStart.toISOString()}::timestamptz, 1)
    on conflict (workspace_id, key) do update set
      hits = case when chat_rate_limits.window_start = excluded.window_start then chat_rate_limits.hits + 1 else 1 end,
      window_start = excluded.window_start
    returning hits`);
  const hits = Number(res.rows[0]?.hits ?? 0);
  if (hits <= input.max) return { ok: true };
  const retryAfterMs = windowStart.getTime() + input.windowMs - input.nowMs;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/** Old windows are dead weight: dropped now and then by the worker's prune job. */
export async function pruneRateLimits(db: DbOrTx, olderThan: Date): Promise<void> {
  await db.execute(sql`delete from chat_rate_limits where window_start < ${olderThan.toISOString()}::timestamptz`);
}
