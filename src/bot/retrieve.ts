import { inArray } from "drizzle-orm";
import { botChunks } from "../db/schema/index.ts";
import { recordDecision } from "./audit.ts";
import type { BotContext } from "./context.ts";
import type { Hit } from "./knowledge/bm25-index.ts";
import { nearest, reciprocalRankFusion } from "./knowledge/fusion.ts";

export type RetrievalMode = "bm25" | "hybrid";

export type Retrieval = {
  hits: Hit[];
  /** BM25's confidence (the handoff threshold's measure, in both modes). */
  confidence: number;
  retrieval: RetrievalMode;
  /** Why hybrid retrieval was configured but not used for this question. */
  retrievalFallback: string | null;
};

/** How deep each ranking goes before fusion. */
const DEPTH = 50;

/**
 * BM25, fused with vector similarity when an embedding model is configured: reciprocal rank fusion of the two
 * rankings (hit scores are then RRF scores). When the provider fails or no chunk has an embedding yet, BM25 alone
 * answers, and the fallback is audited.
 */
export async function retrieve(ctx: BotContext, workspaceId: string, question: string, limit = 10): Promise<Retrieval> {
  const bm25 = await ctx.knowledge.search(workspaceId, question, ctx.embeddings ? DEPTH : limit);
  const plain = (retrievalFallback: string | null): Retrieval => ({
    hits: bm25.hits.slice(0, limit),
    confidence: bm25.confidence,
    retrieval: "bm25",
    retrievalFallback,
  });
  if (!ctx.embeddings) return plain(null);
  const vectors = await ctx.embeddings.vectors(workspaceId);
  const query = vectors.size > 0 ? await ctx.embeddings.embedTexts([question]) : null;
  const failure =
    query === null
      ? "no chunk has an embedding yet"
      : query.ok
        ? null
        : `embeddings failed (${query.error.kind}: ${query.error.message})`;
  if (failure || !query?.ok) {
    const reason = `retrieval fell back to BM25: ${failure}`;
    await recordDecision(ctx.deps.database.db, { workspaceId, decision: "fallback", question, reason });
    return plain(reason);
  }
  const near = nearest(query.value[0] ?? [], vectors, DEPTH);
  const fused = reciprocalRankFusion([bm25.hits.map((h) => h.id), near.map((n) => n.id)]).slice(0, limit);
  const known = new Map(bm25.hits.map((h) => [h.id, h]));
  const missing = fused.map((f) => f.id).filter((id) => !known.has(id));
  if (missing.length > 0) {
    const rows = await ctx.deps.database.db.select().from(botChunks).where(inArray(botChunks.id, missing));
    for (const r of rows)
      known.set(r.id, {
        id: r.id,
        documentId: r.documentId,
        heading: r.heading,
        text: r.text,
        score: 0,
        matchedTerms: [],
      });
  }
  const hits = fused.flatMap((f) => {
    const hit = known.get(f.id);
    return hit ? [{ ...hit, score: Math.round(f.score * 1e6) / 1e6 }] : [];
  });
  return { hits, confidence: bm25.confidence, retrieval: "hybrid", retrievalFallback: null };
}
