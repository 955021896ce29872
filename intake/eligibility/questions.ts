/**
 * The eligibility questions (questions.yaml) and how an answer to each is read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { fold } from '../../lib/text.ts';
import { extractAge } from './fact-extractor.ts';
import { FACT_NAMES, type FactName } from './facts.ts';

const choiceSchema = z.strictObject({
  value: z.union([z.boolean(), z.string(), z.null()]),
  label: z.string(),
  keywords: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default([]),
});

const questionSchema = z.strictObject({
  ask: z.string(),
  kind: z.enum(['choice', 'age', 'commune']).default('choice'),
  choices: z.array(choiceSchema).min(1),
});

export type QuestionId = FactName | 'commune';
export type Question = z.infer<typeof questionSchema> & { id: QuestionId };

/** An answer read: a value, "không rõ" (null), or not understood (undefined). */
export type ReadAnswer = { value: boolean | string | number | null } | undefined;

const file = parse(readFileSync(new URL('./questions.yaml', import.meta.url), 'utf8')) as { questions: Record<string, unknown> };
const parsed = z.record(z.string(), questionSchema).parse(file.questions);

export const QUESTIONS = new Map<QuestionId, Question>(
  Object.entries(parsed).map(([id, q]) => [id as QuestionId, { ...q, id: id as QuestionId }]),
);
for (const fact of FACT_NAMES) {
  if (!QUESTIONS.has(fact)) throw new Error(`intake/eligibility/questions.yaml: no question for ${fact}`);
}

export function questionFor(id: QuestionId): Question {
  return QUESTIONS.get(id)!;
}

/** The choices as the dialogue offers them (ids "q:<index>"). */
export function choicesOf(question: Question): Array<{ id: string; label: string }> {
  return question.choices.map((c, i) => ({ id: `q:${question.id}:${i}`, label: c.label }));
}

/** Reads an answer to `question`, from a pressed button (`choice`) or typed text. */
export function readAnswer(question: Question, text: string, choice: string | undefined, currentYear: number): ReadAnswer {
  const prefix = `q:${question.id}:`;
  if (choice?.startsWith(prefix)) {
    const picked = question.choices[Number(choice.slice(prefix.length))];
    return picked ? { value: picked.value } : undefined;
  }
  if (question.kind === 'age') {
    const folded = fold(text);
    const bare = /^(\d{1,4})$/u.exec(folded);
    if (bare) {
      const n = Number(bare[1]);
      if (n <= 130) return { value: n };
      if (n > currentYear - 131 && n <= currentYear) return { value: currentYear - n };
      return undefined;
    }
    const age = extractAge(folded, currentYear);
    if (age !== undefined) return { value: age };
    const unknown = matchChoice(text, question.choices.map((c, i) => ({ ...c, id: String(i) })), { numbers: false });
    return unknown ? { value: unknown.value } : undefined;
  }
  if (question.kind === 'commune') {
    const unknown = matchChoice(text, question.choices.map((c, i) => ({ ...c, id: String(i) })), { numbers: false, mode: 'whole' });
    if (unknown) return { value: null };
    return fold(text).length >= 2 ? { value: text.trim() } : undefined;
  }
  const picked = matchChoice(text, question.choices.map((c, i) => ({ ...c, id: String(i) })));
  return picked ? { value: picked.value } : undefined;
}
