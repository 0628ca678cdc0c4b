/**
 * Hybrid retrieval's pure parts: cosine similarity over embeddings, and reciprocal rank fusion (Cormack et al.,
 * 2009) of the BM25 and vector rankings. RRF uses ranks only, so BM25 scores and cosines need no common scale.
 */

/** The constant of RRF: a document at rank r (1-based) in a ranking adds 1 / (k + r). */
export const RRF_K = 60;

export type Fused = { id: string; score: number };

/** Fuses rankings (best first, ids unique within each); ties keep the order of first appearance. */
export function reciprocalRankFusion(rankings: string[][], k = RRF_K): Fused[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings)
    ranking.forEach((id, i) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The `limit` ids most similar to the query (cosine > 0), best first. */
export function nearest(query: readonly number[], vectors: ReadonlyMap<string, readonly number[]>, limit: number) {
  const scored: Fused[] = [];
  for (const [id, v] of vectors) {
    const score = cosine(query, v);
    if (score > 0) scored.push({ id, score });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}
