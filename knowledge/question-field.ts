/**
 * The legal field of a question ("việc của bạn thuộc lĩnh vực đất đai"), learned from examples in
 * knowledge/question-fields.yaml by lib/text-classifier.ts, and the texts each field is answered
 * from (knowledge/field-sources.yaml).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { TextClassifier, type Example, type Prediction } from '../lib/text-classifier.ts';
import { fold } from '../lib/text.ts';
import { withLawWords } from './lexicon.ts';

const sourcesSchema = z.object({
  format: z.literal('tgpl-field-sources/1'),
  plans: z.strictObject({ words: z.array(z.string()), plan_weight: z.number().min(0).max(1) }),
  legal_aid_words: z.array(z.string()).min(1),
  fields: z.array(
    z.strictObject({
      id: z.string(),
      label: z.string(),
      files: z.array(z.string()).default([]),
      documents: z.array(z.string()).default([]),
      legal_aid: z.boolean().default(false),
    }),
  ),
});
const examplesSchema = z.object({
  format: z.literal('tgpl-question-fields/1'),
  fields: z.array(z.object({ id: z.string(), label: z.string().optional(), examples: z.array(z.union([z.string(), z.number()]).transform(String)) })),
});

export type FieldSource = z.infer<typeof sourcesSchema>['fields'][number];

const sources = sourcesSchema.parse(parse(readFileSync(new URL('./field-sources.yaml', import.meta.url), 'utf8')));
export const FIELD_SOURCES: FieldSource[] = sources.fields;

const planWords = sources.plans.words.map((w) => ` ${fold(w)} `);
const legalAidWords = sources.legal_aid_words.map((w) => ` ${fold(w)} `);

/** Whether a question (with the law words its wording stands for) is about legal aid itself. */
export function aboutLegalAid(question: string): boolean {
  const q = ` ${fold(withLawWords(question))} `;
  return legalAidWords.some((w) => q.includes(w));
}

/**
 * How much a plan passage counts for a question: fully when the question names the plan's province
 * ("Cà Mau", from the plan's name) or speaks of plans; less otherwise.
 */
export function planWeight(question: string, planName: string): number {
  const q = ` ${fold(question)} `;
  if (planWords.some((w) => q.includes(w))) return 1;
  const province = /(?:tỉnh|Báo)\s+(\p{Lu}\p{L}*(?:\s+\p{Lu}\p{L}*)*)/u.exec(planName)?.[1];
  if (province && q.includes(` ${fold(province)} `)) return 1;
  return sources.plans.plan_weight;
}

/** The examples of every field, as classifier examples. */
export function fieldExamples(url: URL = new URL('./question-fields.yaml', import.meta.url)): Example[] {
  if (!existsSync(url)) return [];
  const parsed = examplesSchema.parse(parse(readFileSync(url, 'utf8')));
  const known = new Set(FIELD_SOURCES.map((f) => f.id));
  const out: Example[] = [];
  for (const f of parsed.fields) {
    if (!known.has(f.id)) throw new Error(`question-fields.yaml: field "${f.id}" is not in field-sources.yaml`);
    for (const text of f.examples) out.push({ label: f.id, text });
  }
  return out;
}

export interface FieldGuess {
  id: string;
  label: string;
  score: number;
  margin: number;
  legalAid: boolean;
}

export class QuestionFieldClassifier {
  private readonly classifier: TextClassifier;

  constructor(examples: Example[] = fieldExamples()) {
    this.classifier = new TextClassifier(examples, 3);
  }

  /** The field most like the question, with how sure (score 0–1, margin over the next field). */
  classify(question: string): FieldGuess | undefined {
    const p: Prediction | undefined = this.classifier.predict(question);
    if (!p) return undefined;
    const source = FIELD_SOURCES.find((f) => f.id === p.label);
    if (!source) return undefined;
    return { id: p.label, label: source.label, score: p.score, margin: p.margin, legalAid: source.legal_aid };
  }
}

/** Whether a passage (by its source file and document) belongs to a field's texts. */
export function inField(field: FieldSource, source: string, document: string): boolean {
  const file = source.split('/').pop() ?? source;
  return field.files.some((prefix) => file.startsWith(prefix)) || field.documents.includes(document);
}

let shared: QuestionFieldClassifier | undefined;
/** The project's question-field classifier, built once from question-fields.yaml and shared by its users. */
export function questionFields(): QuestionFieldClassifier {
  shared ??= new QuestionFieldClassifier();
  return shared;
}
