/** The satisfaction survey's questions (Mẫu số 11-TP-TGPL), kept as data in survey.yaml. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const questionSchema = z.strictObject({ id: z.string(), text: z.string(), report: z.string(), answers: z.array(z.string()).min(2).max(9) });
const surveySchema = z.strictObject({
  source: z.string(),
  date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  verify: z.boolean(),
  questions: z.array(questionSchema).min(1),
});
export type SurveyQuestion = z.infer<typeof questionSchema>;
export type SurveyData = z.infer<typeof surveySchema>;

let loaded: SurveyData | undefined;

export function surveyData(): SurveyData {
  loaded ??= surveySchema.parse(parse(readFileSync(new URL('./survey.yaml', import.meta.url), 'utf8')));
  return loaded;
}

export function surveyQuestions(): SurveyQuestion[] {
  return surveyData().questions;
}
