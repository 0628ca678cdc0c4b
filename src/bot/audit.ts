import type { DbOrTx } from "../db/database.ts";
import { type BotAuditChunk, botAudit } from "../db/schema/index.ts";
import { newId } from "../lib/ids.ts";

export type BotDecisionRecord = {
  workspaceId: string;
  inboxId?: string | null;
  conversationId?: string | null;
  decision: "answer" | "handoff" | "ignored" | "dropped" | "fallback" | "ownership" | "ask";
  question?: string | null;
  chunks?: BotAuditChunk[];
  answer?: string | null;
  reason: string;
  provider?: string | null;
  latencyMs?: number | null;
  tokensIn?: number;
  tokensOut?: number;
  costMicros?: number;
};

const MAX_TEXT = 4000;

/** Appends one decision to the bot's audit log (bounded texts) and returns its id. */
export async function recordDecision(db: DbOrTx, r: BotDecisionRecord): Promise<string> {
  const id = newId("bau");
  await db.insert(botAudit).values({
    id,
    workspaceId: r.workspaceId,
    inboxId: r.inboxId ?? null,
    conversationId: r.conversationId ?? null,
    decision: r.decision,
    question: r.question?.slice(0, MAX_TEXT) ?? null,
    chunks: (r.chunks ?? []).slice(0, 10),
    answer: r.answer?.slice(0, MAX_TEXT) ?? null,
    reason: r.reason.slice(0, 1000),
    provider: r.provider ?? null,
    latencyMs: r.latencyMs ?? null,
    tokensIn: r.tokensIn ?? 0,
    tokensOut: r.tokensOut ?? 0,
    costMicros: r.costMicros ?? 0,
  });
  return id;
}
