/**
 * Everyday Vietnamese → the law's words (knowledge/lexicon.yaml): "kêu ai" → "khiếu nại",
 * "đuổi việc" → "đơn phương chấm dứt hợp đồng lao động", "ko" → "không". Applied as weighted query
 * expansion: the law's words are added to what is searched, each at the entry's weight.
 *
 * A phrase matches where the person's words say it: a word typed with diacritics must carry the
 * same diacritics as the phrase's word ("bà" is not "ba"); a word typed without them matches folded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { sameWord, wordsOf } from '../lib/choice-matcher.ts';

const entrySchema = z.object({
  say: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
  means: z.array(z.string()).min(1),
  weight: z.number().min(0).max(1).default(0.7),
  why: z.string().min(1),
});
const fileSchema = z.object({ format: z.literal('tgpl-lexicon/1'), entries: z.array(entrySchema) });

export interface LexiconHit {
  /** The law's words to add (as typed in the file). */
  means: string[];
  weight: number;
}

interface Phrase {
  words: ReturnType<typeof wordsOf>;
  means: string[];
  weight: number;
}

export class Lexicon {
  /** Phrases by their first folded word. */
  private readonly byFirst = new Map<string, Phrase[]>();
  readonly size: number;

  constructor(entries: Array<z.infer<typeof entrySchema>>) {
    let n = 0;
    for (const e of entries) {
      for (const form of e.say) {
        const words = wordsOf(form);
        if (words.length === 0) continue;
        const list = this.byFirst.get(words[0]!.folded) ?? [];
        list.push({ words, means: e.means, weight: e.weight });
        this.byFirst.set(words[0]!.folded, list);
        n += 1;
      }
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
    this.size = n;
  }

  static load(url: URL = new URL('./lexicon.yaml', import.meta.url)): Lexicon {
    if (!existsSync(url)) return new Lexicon([]);
    const parsed = fileSchema.safeParse(parse(readFileSync(url, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`lexicon.yaml: ${issue.path.join('.')}: ${issue.message}`);
    }
    return new Lexicon(parsed.data.entries);
  }

  /**
   * The law's words a question's wording stands for. Longest phrase first at each position; a
   * position covered by a longer phrase is not matched again by a shorter one.
   */
  expand(text: string): LexiconHit[] {
    const words = wordsOf(text).slice(0, 300);
    const out: LexiconHit[] = [];
    let coveredUntil = 0;
    for (let i = 0; i < words.length; i++) {
      for (const p of this.byFirst.get(words[i]!.folded) ?? []) {
        if (i + p.words.length > words.length) continue;
        if (i + p.words.length <= coveredUntil) continue;
        let ok = true;
        for (let k = 0; k < p.words.length && ok; k++) ok = sameWord(words[i + k]!, p.words[k]!);
        if (!ok) continue;
        out.push({ means: p.means, weight: p.weight });
        coveredUntil = Math.max(coveredUntil, i + p.words.length);
      }
    }
    return out;
  }
}

/** A text with the law words its wording stands for appended ("kêu ai" → "kêu ai khiếu nại"). */
export function withLawWords(text: string): string {
  const added = lexicon().expand(text).flatMap((h) => h.means);
  return added.length === 0 ? text : `${text} ${added.join(' ')}`;
}

let shared: Lexicon | undefined;
/** The project's lexicon, loaded once. */
export function lexicon(): Lexicon {
  shared ??= Lexicon.load();
  return shared;
}
