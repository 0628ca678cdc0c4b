import { describe, expect, it } from "vitest";
import {
  buildIndex,
  isTuning,
  loadKnowledgeChunks,
  loadQuestions,
  outcomes,
  rankAll,
  retrievalQuality,
  tuneThreshold,
} from "../../bench/bot-eval.ts";

// The labelled set as a regression guard (quality only; latency is measured in bench/bot.ts, never asserted).
describe("bot evaluation set (help center only, held-out test split)", () => {
  const questions = loadQuestions();
  const chunks = loadKnowledgeChunks();
  const index = buildIndex(chunks);

  it("is the labelled set the bench documents: ~200 questions, every answerable one pointing at a real section", () => {
    expect(questions.length).toBeGreaterThanOrEqual(200);
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(["exact", "paraphrase", "unanswerable"]));
    for (const r of rankAll(
      index,
      chunks,
      questions.filter((q) => q.kind !== "unanswerable"),
    )) {
      expect(r.relevant.size, r.question.id).toBeGreaterThan(0);
    }
  });

  it("meets the retrieval and handoff targets on questions the threshold was not tuned on", () => {
    const threshold = tuneThreshold(rankAll(index, chunks, questions.filter(isTuning)));
    const test = rankAll(
      index,
      chunks,
      questions.filter((q) => !isTuning(q)),
    );
    const quality = retrievalQuality(test);
    expect(quality.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(quality.ndcgAt10).toBeGreaterThanOrEqual(0.7);
    expect(outcomes(test, threshold).unanswerableHandedOff).toBeGreaterThanOrEqual(0.95);
  });
});
