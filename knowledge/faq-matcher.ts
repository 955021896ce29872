/**
 * Matches a question to the FAQ by similarity that survives rewording: every entry's phrasings
 * (its question and the ways people say it) are examples of that entry, and a question is compared
 * with them by lib/text-classifier.ts (folded words and pairs, character trigrams for typos,
 * exact diacritics as extra evidence). Both sides are expanded with the lexicon's law words first,
 * so "kêu ai" meets a phrasing that says "khiếu nại".
 */
import { TextClassifier } from '../lib/text-classifier.ts';
import type { StoredPassage } from './index.ts';
import { lexicon } from './lexicon.ts';

export interface FaqMatch {
  entry: StoredPassage;
  /** 0–1 similarity to the entry's closest phrasings. */
  score: number;
}

/** The text a phrasing or question is compared as: itself and the law words it stands for. */
export function withLawWords(text: string): string {
  const added = lexicon().expand(text).flatMap((h) => h.means);
  return added.length === 0 ? text : `${text} ${added.join(' ')}`;
}

export class FaqMatcher {
  private readonly classifier: TextClassifier;
  private readonly entries = new Map<string, StoredPassage>();

  constructor(entries: StoredPassage[]) {
    const examples = [];
    for (const e of entries) {
      const key = `${e.source}#${e.article}`;
      this.entries.set(key, e);
      for (const phrasing of e.title.split(' | ')) examples.push({ label: key, text: withLawWords(phrasing) });
    }
    this.classifier = new TextClassifier(examples, 2);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The closest entries, best first. */
  match(question: string, k = 3): FaqMatch[] {
    const p = this.classifier.predict(withLawWords(question));
    if (!p) return [];
    return p.ranking.slice(0, k).map((r) => ({ entry: this.entries.get(r.label)!, score: r.score }));
  }
}
