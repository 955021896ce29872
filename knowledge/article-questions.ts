/**
 * Questions people ask whose answer is a given article (knowledge/article-questions/*.yaml): for each
 * article of the legal-aid texts, the ways a person would ask what it says ("doc2query" written as
 * data). Citizens do not write the law's words; these questions do not either, so a question typed in
 * everyday words meets the article through its nearest written questions (lib/text-classifier.ts:
 * folded words and pairs, character trigrams, exact diacritics as extra evidence), not through the
 * article's wording. A long story is matched as a whole and by its asking sentence alone, as for the FAQ.
 *
 * The questions were written from each article's text, never from an evaluation set.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { TextClassifier, type Example } from '../lib/text-classifier.ts';
import { nfc } from '../lib/text.ts';
import { scoresWithAskingPart } from './faq-matcher.ts';

const fileSchema = z.object({
  format: z.literal('tgpl-article-questions/1'),
  document: z.string().min(1),
  written: z.union([z.string(), z.date()]).optional(),
  articles: z.array(
    z.object({
      article: z.union([z.string(), z.number()]).transform(String),
      questions: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
    }),
  ),
});

export interface ArticleRef {
  document: string;
  article: string;
}

export interface ArticleMatch extends ArticleRef {
  /** 0–1 similarity to the article's nearest written questions. */
  score: number;
}

export const ARTICLE_QUESTIONS_DIR = fileURLToPath(new URL('./article-questions/', import.meta.url));

/** Every written question of every file in `dir`, labelled "document#article". */
export function loadArticleQuestions(dir: string = ARTICLE_QUESTIONS_DIR): Example[] {
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const parsed = fileSchema.safeParse(parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`${name}: not a tgpl-article-questions/1 file (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    for (const a of parsed.data.articles) {
      for (const q of a.questions) out.push({ label: `${nfc(parsed.data.document)}#${a.article}`, text: nfc(q) });
    }
  }
  return out;
}

export class ArticleQuestionMatcher {
  private readonly classifier: TextClassifier;
  readonly size: number;

  constructor(examples: Example[] = loadArticleQuestions()) {
    this.classifier = new TextClassifier(examples, 2);
    this.size = examples.length;
  }

  /** The articles whose written questions are nearest, best first. */
  match(question: string, k = 5): ArticleMatch[] {
    return [...scoresWithAskingPart(this.classifier, question).entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([label, score]) => {
        const cut = label.lastIndexOf('#');
        return { document: label.slice(0, cut), article: label.slice(cut + 1), score };
      });
  }
}
