/**
 * The hybrid mode of `npm run bench:bot`: the same questions and chunks, every chunk and question embedded through
 * the OpenAI-compatible provider (src/ai) against the language-model sandbox on 127.0.0.1, BM25 (top 50) and cosine
 * (top 50) fused with reciprocal rank fusion, as src/bot/retrieve.ts does.
 */

import { createLlmSim, LLM_SANDBOX_DEFAULTS } from "../sim/llm/app.ts";
import { createOpenAiCompatibleModel } from "../src/ai/openai-compatible.ts";
import type { IndexedChunk, KnowledgeIndex } from "../src/bot/knowledge/bm25-index.ts";
import { nearest, reciprocalRankFusion } from "../src/bot/knowledge/fusion.ts";
import type { Question, Ranked } from "./bot-eval.ts";

const DEPTH = 50;

export async function hybridRun(
  index: KnowledgeIndex,
  chunks: IndexedChunk[],
  questions: Question[],
  searches: number,
) {
  const sim = await createLlmSim();
  const url = await sim.listen(0, "127.0.0.1");
  try {
    const model = createOpenAiCompatibleModel({
      baseUrl: `${url}/v1`,
      apiKey: LLM_SANDBOX_DEFAULTS.apiKey,
      model: LLM_SANDBOX_DEFAULTS.model,
      embeddingModel: "sandbox-embed-1",
      timeoutMs: 30_000,
      maxRetries: 0,
    });
    const embed = async (texts: string[]) => {
      const res = await model.embed?.(texts);
      if (!res?.ok) throw new Error(`embeddings failed: ${res ? res.error.message : "no embed"}`);
      return res.value.vectors;
    };
    const embedStarted = performance.now();
    const vectors = new Map<string, number[]>();
    for (let i = 0; i < chunks.length; i += 256) {
      const batch = chunks.slice(i, i + 256);
      const out = await embed(batch.map((c) => `${c.heading}\n${c.text}`));
      batch.forEach((c, j) => {
        vectors.set(c.id, out[j] ?? []);
      });
    }
    const embedAllMs = performance.now() - embedStarted;

    const search = async (question: string) => {
      const [q] = await embed([question]);
      const bm25 = index.search(question, DEPTH);
      const near = nearest(q ?? [], vectors, DEPTH);
      const fused = reciprocalRankFusion([bm25.hits.map((h) => h.id), near.map((n) => n.id)]).slice(0, 10);
      return { ranking: fused.map((f) => f.id), confidence: bm25.confidence, hits: fused.length };
    };
    const ranked: Ranked[] = [];
    for (const question of questions) {
      const relevant = new Set(
        chunks
          .filter((c) => c.documentId === question.document && question.section && c.heading.endsWith(question.section))
          .map((c) => c.id),
      );
      ranked.push({ question, relevant, ...(await search(question.question)) });
    }
    for (const q of questions.slice(0, 20)) await search(q.question);
    const times: number[] = [];
    const deadline = Date.now() + 120_000;
    for (let i = 0; i < searches && Date.now() < deadline; i++) {
      const q = questions[i % questions.length];
      if (!q) continue;
      const t = performance.now();
      await search(q.question);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
    return { ranked, embedAllMs, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), searches: times.length };
  } finally {
    await sim.close();
  }
}
