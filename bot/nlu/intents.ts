/**
 * What a message means (greet, affirm, cancel, ask a question…), learned from the example
 * utterances of bot/nlu/intents.yaml by lib/text-classifier.ts, with a confidence and a fallback:
 * below the confidence an intent is not claimed, and the current question or the menu reads the
 * message instead.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { TextClassifier, type Example } from '../../lib/text-classifier.ts';
import { fold, syllables } from '../../lib/text.ts';

export const INTENT_IDS = [
  'greet', 'thanks', 'bye', 'affirm', 'deny', 'dont_know', 'menu', 'back', 'cancel', 'staff', 'help',
  'ask_question', 'check_eligibility', 'file_request', 'lookup', 'withdraw', 'about', 'no_phone',
] as const;
export type IntentId = (typeof INTENT_IDS)[number];

const fileSchema = z.object({
  format: z.literal('tgpl-intents/1'),
  intents: z.array(
    z.object({
      id: z.enum(INTENT_IDS),
      description: z.string().optional(),
      examples: z.array(z.union([z.string(), z.number()]).transform(String)).min(1),
    }),
  ),
});

/** The example utterances of every intent. */
export function intentExamples(url: URL = new URL('./intents.yaml', import.meta.url)): Example[] {
  const parsed = fileSchema.safeParse(parse(readFileSync(url, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`intents.yaml: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.intents.flatMap((i) => i.examples.map((text) => ({ label: i.id, text })));
}

export interface Intent {
  id: IntentId;
  score: number;
  margin: number;
}

/** How sure a prediction must be to be claimed. */
export const INTENT_THRESHOLD = { score: 0.5, margin: 0.08 };

export class IntentClassifier {
  private readonly classifier: TextClassifier;

  constructor(examples: Example[] = intentExamples()) {
    this.classifier = new TextClassifier(examples, 2);
  }

  /** The intent a message says, or undefined when no intent is sure enough. */
  classify(text: string, threshold = INTENT_THRESHOLD): Intent | undefined {
    const p = this.classifier.predict(text);
    if (!p || p.score < threshold.score || p.margin < threshold.margin) return undefined;
    return { id: p.label as IntentId, score: p.score, margin: p.margin };
  }

  /** The best guess whatever its confidence (for measuring). */
  guess(text: string): Intent | undefined {
    const p = this.classifier.predict(text);
    return p ? { id: p.label as IntentId, score: p.score, margin: p.margin } : undefined;
  }
}

let shared: IntentClassifier | undefined;
/** The project's intent classifier, built once from intents.yaml. */
export function intents(): IntentClassifier {
  shared ??= new IntentClassifier();
  return shared;
}

/**
 * Whether a message asks by its own form, compared folded: a question mark, or a question word at the
 * end ("hộ nghèo là gì vậy?", "… có được trợ cấp không", "… thì làm sao"). A sentence that states
 * facts ("nhà em hộ nghèo", "bà 75 tuổi, nhà cận nghèo") does not.
 */
export function endsAsking(text: string): boolean {
  return ENDS_ASKING.test(fold(text));
}
const ENDS_ASKING = /\?|\b(la gi|the nao|nhu nao|ntn|sao|gi|j|vay|khong|ko|k|hok|chua|ha|nhi|nao|dau|bao nhieu|bao lau)\s*$/u;

/**
 * Whether a message reads as a question rather than an answer to the pending one: four words or
 * more, and a question mark at the end or the question intents (a question about the law or about
 * being eligible).
 */
export function looksLikeQuestion(text: string): boolean {
  const words = syllables(text);
  if (words.length < 4) return false;
  if (/\?\s*$/u.test(text)) return true;
  const intent = intents().classify(text, { score: 0.45, margin: 0.05 });
  return intent?.id === 'ask_question' || intent?.id === 'check_eligibility';
}
