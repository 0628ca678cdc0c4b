import { stemmer } from "stemmer";

/** English function words that carry no topic; dropped from documents and questions alike. */
const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between " +
    "both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from " +
    "further had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm i've if in " +
    "into is isn't it it's its itself just let's me more most my myself nor of off on once only or other ought our " +
    "ours ourselves out over own please same she should shouldn't so some such than that that's the their theirs them " +
    "themselves then there there's these they they're this those through to too under until up very was wasn't we " +
    "we're were weren't what what's when where which while who whom why will with won't would wouldn't you you're " +
    "your yours yourself yourselves hi hello hey thanks thank also get got tell know want need"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const MAX_TERMS = 2000;

/** Lower-cased words of a text, bounded in count (a question or a chunk, never unbounded input). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    out.push(match[0].replace(/’/g, "'"));
    if (out.length >= MAX_TERMS) break;
  }
  return out;
}

/** One word → its index term: null for stop words, else the Porter stem (possessive and hyphens folded). */
export function indexTerm(word: string): string | null {
  const w = word.toLowerCase().replace(/’/g, "'");
  if (STOP_WORDS.has(w)) return null;
  const base = w.replace(/'s$/, "").replace(/'/g, "");
  if (base.length === 0 || STOP_WORDS.has(base)) return null;
  return /^\d/.test(base) ? base : stemmer(base);
}

/** The distinct index terms of a text, in order of first appearance. */
export function termsOf(text: string): string[] {
  const seen = new Set<string>();
  for (const w of words(text)) {
    const t = indexTerm(w);
    if (t) seen.add(t);
  }
  return [...seen];
}
