import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { decide } from "../src/bot/decide.ts";
import { type IndexedChunk, KnowledgeIndex } from "../src/bot/knowledge/bm25-index.ts";
import { chunkDocument } from "../src/bot/knowledge/chunk.ts";
import { words } from "../src/bot/knowledge/terms.ts";

/** The labelled evaluation set: a fictional product's help center and questions about it. */
export const FIXTURE_DIR = path.join(import.meta.dirname, "..", "test", "fixtures", "bot");

const questionSchema = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(["exact", "paraphrase", "unanswerable"]),
    question: z.string(),
    document: z.string().optional(),
    section: z.string().optional(),
  }),
);
export type Question = z.infer<typeof questionSchema>[number];

export function loadQuestions(): Question[] {
  return questionSchema.parse(JSON.parse(readFileSync(path.join(FIXTURE_DIR, "questions.json"), "utf8")));
}

/** The help center's chunks, as the knowledge base would store them (document id = file name). */
export function loadKnowledgeChunks(): IndexedChunk[] {
  const dir = path.join(FIXTURE_DIR, "kb");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .flatMap((file) => {
      const content = readFileSync(path.join(dir, file), "utf8");
      const title = /^#\s+(.+)$/m.exec(content)?.[1]?.trim() ?? file;
      const documentId = file.replace(/\.md$/, "");
      return chunkDocument(title, content, "markdown").map((c, i) => ({ id: `${documentId}#${i}`, documentId, ...c }));
    });
}

/**
 * Deterministic filler chunks standing in for the rest of a large help center: words drawn Zipf-like from 30,000
 * pseudo-words (as a real corpus has many rare terms and a few common ones), with one word in ten taken from the
 * labelled help center's own vocabulary, so they compete for the same query terms.
 */
export function distractorChunks(count: number, vocabularyFrom: IndexedChunk[], seed = 42): IndexedChunk[] {
  const shared = [...new Set(vocabularyFrom.flatMap((c) => words(c.text)))];
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const syllables = [
    "ka",
    "lo",
    "mi",
    "ren",
    "to",
    "sa",
    "vel",
    "dor",
    "ni",
    "pa",
    "qu",
    "est",
    "ra",
    "on",
    "bi",
    "fe",
  ];
  const pseudo = Array.from({ length: 30_000 }, (_, i) => {
    let w = "";
    for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) w += syllables[n % syllables.length];
    return w;
  });
  // Zipf (s = 1) by inverse transform on the harmonic series' continuous approximation.
  const zipf = () =>
    pseudo[Math.min(pseudo.length - 1, Math.floor(Math.exp(next() * Math.log(pseudo.length)) - 1))] ?? "ka";
  const pick = () => (next() < 0.1 ? (shared[Math.floor(next() * shared.length)] ?? "word") : zipf());
  return Array.from({ length: count }, (_, i) => {
    const text = Array.from({ length: 60 + Math.floor(next() * 60) }, pick).join(" ");
    return {
      id: `noise#${i}`,
      documentId: `noise-${Math.floor(i / 8)}`,
      heading: `${zipf()} › ${zipf()} ${zipf()}`,
      text,
    };
  });
}

/** About 40 % of questions tune the threshold; the rest are the test set the figures are reported on. */
export const isTuning = (q: Question): boolean =>
  (createHash("sha256").update(q.id).digest()[0] ?? 0) < Math.round(256 * 0.4);

export type Ranked = { question: Question; relevant: Set<string>; ranking: string[]; confidence: number; hits: number };

export function rankAll(index: KnowledgeIndex, chunks: IndexedChunk[], questions: Question[]): Ranked[] {
  return questions.map((question) => {
    const relevant = new Set(
      chunks
        .filter((c) => c.documentId === question.document && question.section && c.heading.endsWith(question.section))
        .map((c) => c.id),
    );
    const found = index.search(question.question, 10);
    return {
      question,
      relevant,
      ranking: found.hits.map((h) => h.id),
      confidence: found.confidence,
      hits: found.hits.length,
    };
  });
}

export function retrievalQuality(ranked: Ranked[]): { recallAt5: number; ndcgAt10: number; answerable: number } {
  const answerable = ranked.filter((r) => r.question.kind !== "unanswerable");
  let recall = 0;
  let ndcg = 0;
  for (const r of answerable) {
    if (r.ranking.slice(0, 5).some((id) => r.relevant.has(id))) recall += 1;
    const dcg = r.ranking.reduce((s, id, i) => s + (r.relevant.has(id) ? 1 / Math.log2(i + 2) : 0), 0);
    const ideal = Array.from({ length: Math.min(10, r.relevant.size) }, (_, i) => 1 / Math.log2(i + 2)).reduce(
      (a, b) => a + b,
      0,
    );
    ndcg += ideal > 0 ? dcg / ideal : 0;
  }
  return { recallAt5: recall / answerable.length, ndcgAt10: ndcg / answerable.length, answerable: answerable.length };
}

export type Outcomes = {
  unanswerableHandedOff: number;
  /** Answers whose best chunk was not the right one, or answers to unanswerable questions, over all answers. */
  wrongAnswerRate: number;
  /** Answerable questions answered from the right chunk. */
  answeredCorrectly: number;
  answers: number;
};

export function outcomes(ranked: Ranked[], threshold: number): Outcomes {
  let answers = 0;
  let wrong = 0;
  let correct = 0;
  let unanswerable = 0;
  let handedOff = 0;
  for (const r of ranked) {
    const d = decide({
      question: r.question.question,
      confidence: r.confidence,
      hits: r.hits,
      threshold,
      botTurns: 0,
      maxBotTurns: 5,
      owner: "bot",
    });
    const isUnanswerable = r.question.kind === "unanswerable";
    if (isUnanswerable) unanswerable += 1;
    if (d.action === "handoff") {
      if (isUnanswerable) handedOff += 1;
      continue;
    }
    answers += 1;
    const right = !isUnanswerable && r.relevant.has(r.ranking[0] ?? "");
    if (right) correct += 1;
    else wrong += 1;
  }
  const answerable = ranked.length - unanswerable;
  return {
    unanswerableHandedOff: unanswerable === 0 ? 1 : handedOff / unanswerable,
    wrongAnswerRate: answers === 0 ? 0 : wrong / answers,
    answeredCorrectly: answerable === 0 ? 0 : correct / answerable,
    answers,
  };
}

/**
 * The threshold chosen on the tuning questions only: the lowest one that hands off ≥ 97 % of their unanswerable
 * questions (a margin over the 95 % target), which keeps as many right answers as that allows.
 */
export function tuneThreshold(tuning: Ranked[]): number {
  for (let t = 0.2; t <= 0.99; t += 0.01) {
    const threshold = Math.round(t * 100) / 100;
    if (outcomes(tuning, threshold).unanswerableHandedOff >= 0.97) return threshold;
  }
  return 0.99;
}

export function buildIndex(chunks: IndexedChunk[]): KnowledgeIndex {
  const index = KnowledgeIndex.empty();
  for (let i = 0; i < chunks.length; i += 1000) index.add(chunks.slice(i, i + 1000));
  return index;
}
