/**
 * How text is turned into search terms, the same way for passages and questions: NFC, lower case,
 * diacritics folded and đ→d, syllables plus two-syllable terms ("tro_giup", "phap_ly"), and the
 * legal synonym table (synonyms.yaml) applied so that "TGPL" and "trợ giúp pháp lý" meet.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { syllables } from '../lib/text.ts';
import { lexicon } from './lexicon.ts';

const synonymGroups = z
  .array(z.array(z.string()).min(2))
  .parse(parse(readFileSync(new URL('./synonyms.yaml', import.meta.url), 'utf8')))
  .map((group) => group.map((form) => syllables(form)));

export const STOPWORDS = new Set(
  z.array(z.string()).parse(parse(readFileSync(new URL('./stopwords.yaml', import.meta.url), 'utf8'))).flatMap((w) => syllables(w)),
);

/** Adds every synonym of each form found in `words` (as extra word runs, kept apart from the text). */
function synonymRuns(words: string[]): string[][] {
  const runs: string[][] = [];
  for (const group of synonymGroups) {
    const found = group.some((form) => containsRun(words, form));
    if (found) for (const form of group) if (!containsRun(words, form)) runs.push(form);
  }
  return runs;
}

function containsRun(words: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let k = 0; k < run.length; k++) if (words[i + k] !== run[k]) continue outer;
    return true;
  }
  return false;
}

function bigrams(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]}_${words[i + 1]}`);
  return out;
}

/** The terms a passage is indexed under: syllables and two-syllable terms, with synonyms added. */
export function indexTerms(text: string): string {
  const words = syllables(text);
  const runs = [words, ...synonymRuns(words)];
  return runs.map((run) => [...run, ...bigrams(run)].join(' ')).join(' ');
}

export interface QueryTerms {
  /** Content syllables (stop words dropped), unique. */
  unigrams: string[];
  /** Two-syllable terms, unique; a pair of stop words is dropped. */
  bigrams: string[];
  /** All the syllables, for coverage checks. */
  syllables: string[];
  /**
   * How much each term counts, 0–1: 1 for the question's own words and their synonyms, the
   * lexicon entry's weight for a law's word the question's wording stands for (lexicon.yaml).
   */
  weights: Map<string, number>;
}

/**
 * The terms of a question: what it is searched with. With `expand` (the default), the lexicon adds
 * the law's words for everyday ones ("kêu ai" → "khiếu nại"), each at its weight.
 */
export function queryTerms(question: string, options: { expand?: boolean } = {}): QueryTerms {
  const words = syllables(question).slice(0, 200);
  const runs: Array<{ run: string[]; weight: number }> = [words, ...synonymRuns(words)].map((run) => ({ run, weight: 1 }));
  if (options.expand !== false) {
    for (const hit of lexicon().expand(question)) {
      for (const form of hit.means) {
        const run = syllables(form);
        runs.push({ run, weight: hit.weight }, ...synonymRuns(run).map((r) => ({ run: r, weight: hit.weight })));
      }
    }
  }
  const weights = new Map<string, number>();
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const { run, weight } of runs) {
    for (const w of run) if (!STOPWORDS.has(w) && w.length > 0) add(w, weight);
    for (let i = 0; i + 1 < run.length; i++) {
      if (STOPWORDS.has(run[i]!) && STOPWORDS.has(run[i + 1]!)) continue;
      add(`${run[i]}_${run[i + 1]}`, weight);
    }
  }
  const terms = [...weights.keys()];
  return { unigrams: terms.filter((t) => !t.includes('_')), bigrams: terms.filter((t) => t.includes('_')), syllables: words, weights };
}

/**
 * An FTS5 query that can never be a syntax error: every term is made of [a-z0-9_] only and is
 * quoted, joined with OR. Empty when the question has no searchable term.
 */
export function ftsQuery(terms: QueryTerms): string {
  const all = [...terms.bigrams, ...terms.unigrams].filter((t) => /^[a-z0-9_]+$/u.test(t));
  return all.map((t) => `"${t}"`).join(' OR ');
}
