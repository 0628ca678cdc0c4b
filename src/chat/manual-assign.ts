import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../db/database.ts";
import { agents } from "../db/schema/index.ts";
import { candidateOf } from "./candidates.ts";
import { assignToAgent, type LifecycleResult } from "./lifecycle.ts";
import { type ExclusionReason, exclusion } from "./routing.ts";
import type { ConversationRow } from "./store.ts";

export type ManualAssign =
  | { kind: "assigned"; result: LifecycleResult }
  | { kind: "refused"; reason: ExclusionReason | "unknown_agent" };

/**
 * A person gives a chat to an agent (themselves, or a transfer). Group membership does not matter here, but
 * capacity does: the agent's row is locked and judged by the same rules as routing, so no path can put anyone
 * over capacity. The caller holds the conversation's lock.
 */
export async function assignByHand(
  tx: DbOrTx,
  conv: ConversationRow,
  input: { agentId: string; nowMs: number; by: string },
): Promise<ManualAssign> {
  const [row] = await tx
    .select()
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, conv.workspaceId), isNull(agents.deletedAt)))
    .for("update");
  if (!row) return { kind: "refused", reason: "unknown_agent" };
  if (conv.status !== "assigned" || conv.agentId !== row.id) {
    const reason = exclusion({ ...candidateOf(row, new Set([row.id])) });
    if (reason !== "eligible") return { kind: "refused", reason };
  }
  return {
    kind: "assigned",
    result: await assignToAgent(tx, conv, { agentId: row.id, nowMs: input.nowMs, reason: `by ${input.by}` }),
  };
}
