import { and, eq, sql } from "drizzle-orm";
import type { Usage } from "../ai/language-model.ts";
import type { DbOrTx } from "../db/database.ts";
import { botUsage } from "../db/schema/index.ts";

export type Prices = { inputPerMTok: number; outputPerMTok: number };

/** Cost in millionths of a dollar (integers add up exactly). */
export const costMicros = (usage: Usage, prices: Prices): number =>
  Math.round(usage.inputTokens * prices.inputPerMTok + usage.outputTokens * prices.outputPerMTok);

export const utcDay = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 10);

export async function recordUsage(
  db: DbOrTx,
  row: { workspaceId: string; provider: string; nowMs: number; usage: Usage; costMicros: number },
): Promise<void> {
  await db
    .insert(botUsage)
    .values({
      workspaceId: row.workspaceId,
      day: utcDay(row.nowMs),
      provider: row.provider,
      requests: 1,
      tokensIn: row.usage.inputTokens,
      tokensOut: row.usage.outputTokens,
      costMicros: row.costMicros,
    })
    .onConflictDoUpdate({
      target: [botUsage.workspaceId, botUsage.day, botUsage.provider],
      set: {
        requests: sql`${botUsage.requests} + 1`,
        tokensIn: sql`${botUsage.tokensIn} + ${row.usage.inputTokens}`,
        tokensOut: sql`${botUsage.tokensOut} + ${row.usage.outputTokens}`,
        costMicros: sql`${botUsage.costMicros} + ${row.costMicros}`,
      },
    });
}

/** Today's spend of a workspace across providers, in micro-dollars. */
export async function spentToday(db: DbOrTx, workspaceId: string, nowMs: number): Promise<number> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${botUsage.costMicros}), 0)::text` })
    .from(botUsage)
    .where(and(eq(botUsage.workspaceId, workspaceId), eq(botUsage.day, utcDay(nowMs))));
  return Number(row?.total ?? 0);
}
