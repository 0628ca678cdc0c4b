import type { DbOrTx } from "../db/database.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/enqueue.ts";
import { recordDecision } from "./audit.ts";
import { botContext } from "./context.ts";

/** Asks the worker to embed a workspace's new chunks (one pending run per workspace). */
export const enqueueEmbedding = (db: DbOrTx, workspaceId: string) =>
  enqueue(db, "bot-embed", { workspaceId }, { jobKey: `bot-embed:${workspaceId}` });

/**
 * The `bot-embed` job: embeds every chunk without an embedding of the configured model. A provider failure is
 * audited and thrown, so the job is retried with backoff; retrieval meanwhile uses BM25 (and the embeddings it has).
 */
export async function embedWorkspace(deps: Deps, workspaceId: string): Promise<void> {
  const ctx = botContext(deps);
  if (!ctx.embeddings) return;
  const res = await ctx.embeddings.embedMissing(workspaceId);
  if (res.ok) return;
  await recordDecision(deps.database.db, {
    workspaceId,
    decision: "fallback",
    reason: `embedding chunks failed (${res.error.kind}: ${res.error.message}); retrieval uses BM25 until they exist`,
  });
  throw new Error(`embedding failed: ${res.error.message}`);
}
