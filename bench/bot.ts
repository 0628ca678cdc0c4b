/**
 * `npm run bench:bot`: retrieval quality and latency of the agent bot on the labelled evaluation set
 * (test/fixtures/bot): Recall@5, nDCG@10, unanswerable questions handed off, wrong-answer rate, with the
 * confidence threshold tuned on a held-out 40 % and reported on the other 60 %; then retrieval p95 over
 * 10,000 chunks (the help center + seeded distractors). Prints one JSON line at the end.
 */
import os from "node:os";
import { KnowledgeIndex } from "../src/bot/knowledge/bm25-index.ts";
import {
  buildIndex,
  distractorChunks,
  isTuning,
  loadKnowledgeChunks,
  loadQuestions,
  outcomes,
  rankAll,
  retrievalQuality,
  tuneThreshold,
} from "./bot-eval.ts";
import { hybridRun } from "./bot-hybrid.ts";

const TOTAL_CHUNKS = Number(process.env.BENCH_BOT_CHUNKS ?? 10_000);
const SEARCHES = Number(process.env.BENCH_BOT_SEARCHES ?? 3000);

const questions = loadQuestions();
const kb = loadKnowledgeChunks();
const tuningQs = questions.filter(isTuning);
const testQs = questions.filter((q) => !isTuning(q));

function evaluate(label: string, chunks: typeof kb) {
  const index = buildIndex(chunks);
  const threshold = tuneThreshold(rankAll(index, chunks, tuningQs));
  const test = rankAll(index, chunks, testQs);
  const quality = retrievalQuality(test);
  const decided = outcomes(test, threshold);
  const byKind = Object.fromEntries(
    (["exact", "paraphrase"] as const).map((k) => [
      k,
      retrievalQuality(test.filter((r) => r.question.kind === k)).recallAt5,
    ]),
  );
  console.error(
    `${label}: ${chunks.length} chunks, threshold ${threshold} (tuned on ${tuningQs.length} questions), test ${testQs.length}: ` +
      `Recall@5 ${quality.recallAt5.toFixed(3)} (exact ${byKind.exact?.toFixed(3)}, paraphrase ${byKind.paraphrase?.toFixed(3)}), ` +
      `nDCG@10 ${quality.ndcgAt10.toFixed(3)}, unanswerable handed off ${(decided.unanswerableHandedOff * 100).toFixed(1)} %, ` +
      `wrong answers ${(decided.wrongAnswerRate * 100).toFixed(1)} %, answered correctly ${(decided.answeredCorrectly * 100).toFixed(1)} %`,
  );
  return { index, threshold, quality, decided, byKind };
}

const small = evaluate("help center only", kb);
const big = kb.concat(distractorChunks(Math.max(0, TOTAL_CHUNKS - kb.length), kb));
const large = evaluate("with distractors", big);

// Latency: every test question, over and over, against the 10,000-chunk index (after a warm-up).
const serialized = large.index.serialize();
const loadStarted = performance.now();
const loaded = KnowledgeIndex.load(serialized);
const loadMs = performance.now() - loadStarted;
for (const q of questions.slice(0, 50)) loaded.search(q.question, 10);
const times: number[] = [];
for (let i = 0; i < SEARCHES; i++) {
  const q = questions[i % questions.length];
  if (!q) continue;
  const t = performance.now();
  loaded.search(q.question, 10);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

// Hybrid mode: BM25 fused with embeddings from the model sandbox (every query embedded over HTTP on 127.0.0.1).
const HYBRID_SEARCHES = Number(process.env.BENCH_BOT_HYBRID_SEARCHES ?? 1000);
const hybrid = await hybridRun(large.index, big, testQs, HYBRID_SEARCHES);
const hybridQuality = retrievalQuality(hybrid.ranked);
const hybridParaphrase = retrievalQuality(hybrid.ranked.filter((r) => r.question.kind === "paraphrase")).recallAt5;
console.error(
  `hybrid: Recall@5 ${hybridQuality.recallAt5.toFixed(3)} (paraphrase ${hybridParaphrase.toFixed(3)}), nDCG@10 ${hybridQuality.ndcgAt10.toFixed(3)}, ` +
    `p95 ${hybrid.p95.toFixed(2)} ms (${hybrid.searches} searches), embedding ${big.length} chunks ${Math.round(hybrid.embedAllMs)} ms`,
);
console.log(
  JSON.stringify({
    bench: "bot",
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
    questions: { total: questions.length, tuning: tuningQs.length, test: testQs.length },
    chunks: big.length,
    threshold: large.threshold,
    recallAt5: round(large.quality.recallAt5),
    recallAt5Exact: round(large.byKind.exact ?? 0),
    recallAt5Paraphrase: round(large.byKind.paraphrase ?? 0),
    ndcgAt10: round(large.quality.ndcgAt10),
    unanswerableHandedOff: round(large.decided.unanswerableHandedOff),
    wrongAnswerRate: round(large.decided.wrongAnswerRate),
    answeredCorrectly: round(large.decided.answeredCorrectly),
    helpCenterOnly: {
      chunks: kb.length,
      threshold: small.threshold,
      recallAt5: round(small.quality.recallAt5),
      ndcgAt10: round(small.quality.ndcgAt10),
      unanswerableHandedOff: round(small.decided.unanswerableHandedOff),
      wrongAnswerRate: round(small.decided.wrongAnswerRate),
    },
    retrievalMs: { p50: round(pct(0.5)), p95: round(pct(0.95)), p99: round(pct(0.99)), searches: times.length },
    hybrid: {
      recallAt5: round(hybridQuality.recallAt5),
      recallAt5Paraphrase: round(hybridParaphrase),
      ndcgAt10: round(hybridQuality.ndcgAt10),
      retrievalMs: {
        p50: round(hybrid.p50),
        p95: round(hybrid.p95),
        p99: round(hybrid.p99),
        searches: hybrid.searches,
      },
      p95VsBm25: round(hybrid.p95 / (pct(0.95) || 1), 2),
      embedAllChunksMs: Math.round(hybrid.embedAllMs),
    },
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    indexBytes: serialized.length,
    indexLoadMs: round(loadMs, 1),
  }),
);
