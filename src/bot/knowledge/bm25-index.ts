import MiniSearch, { type Options } from "minisearch";
import { z } from "zod";
import { indexTerm, termsOf, words } from "./terms.ts";

export type IndexedChunk = { id: string; documentId: string; heading: string; text: string };
export type Hit = IndexedChunk & { score: number; matchedTerms: string[] };
export type SearchOutcome = {
  hits: Hit[];
  /** The question's index terms (stems, stop words removed). */
  queryTerms: string[];
  /**
   * Share of the question's information (IDF-weighted terms) that the best chunk contains: 1 = every meaningful
   * word of the question is in it, 0 = none. Unknown words weigh most, so a question about something the
   * knowledge base never mentions scores low however well its common words match.
   */
  confidence: number;
};

const OPTIONS: Options<IndexedChunk> = {
  // One searchable field (heading + text): half the posting-list walks of two fields, and a chunk's heading words
  // count as its words, which is what a reader of the chunk sees too.
  fields: ["body"],
  storeFields: ["documentId", "heading", "text"],
  extractField: (chunk, field) =>
    field === "body" ? `${chunk.heading}\n${chunk.text}` : String(chunk[field as keyof IndexedChunk] ?? ""),
  tokenize: (text) => words(text),
  processTerm: (term) => indexTerm(term),
  searchOptions: { combineWith: "OR", bm25: { k: 1.2, b: 0.7, d: 0.5 } },
};

export const MAX_QUESTION_CHARS = 2000;
const COMMON_SHARE = 0.5;

const persisted = z.object({
  v: z.literal(1),
  index: z.string(),
  df: z.record(z.string(), z.number().int()),
});

/** BM25 (MiniSearch) over chunks plus document frequencies for the confidence score; serialisable as one string. */
export class KnowledgeIndex {
  readonly #search: MiniSearch<IndexedChunk>;
  readonly #df: Map<string, number>;

  private constructor(search: MiniSearch<IndexedChunk>, df: Map<string, number>) {
    this.#search = search;
    this.#df = df;
  }

  static empty(): KnowledgeIndex {
    return new KnowledgeIndex(new MiniSearch(OPTIONS), new Map());
  }

  static load(data: string): KnowledgeIndex {
    const parsed = persisted.parse(JSON.parse(data));
    return new KnowledgeIndex(MiniSearch.loadJSON(parsed.index, OPTIONS), new Map(Object.entries(parsed.df)));
  }

  serialize(): string {
    return JSON.stringify({ v: 1, index: JSON.stringify(this.#search), df: Object.fromEntries(this.#df) });
  }

  get size(): number {
    return this.#search.documentCount;
  }

  add(chunks: IndexedChunk[]): void {
    this.#search.addAll(chunks);
    for (const c of chunks)
      for (const t of termsOf(`${c.heading} ${c.text}`)) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
  }

  remove(chunkIds: string[]): void {
    const present = chunkIds.filter((id) => this.#search.has(id));
    for (const id of present) {
      const stored = this.#search.getStoredFields(id);
      const text = `${String(stored?.heading ?? "")} ${String(stored?.text ?? "")}`;
      for (const t of termsOf(text)) {
        const n = (this.#df.get(t) ?? 1) - 1;
        if (n > 0) this.#df.set(t, n);
        else this.#df.delete(t);
      }
    }
    this.#search.discardAll(present);
  }

  idf(term: string): number {
    const n = this.#search.documentCount;
    const df = this.#df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  search(question: string, limit: number): SearchOutcome {
    const bounded = question.slice(0, MAX_QUESTION_CHARS);
    const queryTerms = termsOf(bounded);
    if (queryTerms.length === 0) return { hits: [], queryTerms, confidence: 0 };
    // Terms in more than half of all chunks say almost nothing (BM25 weighs them near zero) yet cost a walk over
    // half the index: they are left out of the search, though they still count against the confidence.
    const n = this.#search.documentCount;
    const selective = queryTerms.filter((t) => (this.#df.get(t) ?? 0) <= n * COMMON_SHARE);
    const searched = selective.length > 0 ? selective : queryTerms;
    const results = this.#search
      .search(searched.join(" "), { tokenize: (s) => s.split(" "), processTerm: (t) => t })
      .slice(0, limit);
    const hits: Hit[] = results.map((r) => ({
      id: String(r.id),
      documentId: String(r.documentId),
      heading: String(r.heading),
      text: String(r.text),
      score: r.score,
      matchedTerms: r.queryTerms,
    }));
    return { hits, queryTerms, confidence: this.coverage(queryTerms, hits[0]?.matchedTerms ?? []) };
  }

  coverage(queryTerms: string[], matched: string[]): number {
    const total = queryTerms.reduce((sum, t) => sum + this.idf(t), 0);
    if (total <= 0) return 0;
    const got = new Set(matched);
    return queryTerms.reduce((sum, t) => sum + (got.has(t) ? this.idf(t) : 0), 0) / total;
  }
}
