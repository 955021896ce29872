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
import { fold, foldDiacritics, hasDiacritics, syllables } from '../../lib/text.ts';

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

/** A word as typed or written in the data: lower case, and folded. */
interface InfoWord {
  exact: string;
  folded: string;
  marked: boolean;
}

function infoWords(text: string): InfoWord[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w !== '')
    .map((w) => ({ exact: w, folded: foldDiacritics(w), marked: hasDiacritics(w) }));
}

/** The phrases of info-questions.yaml: runs of words, "…" between two runs standing for up to 5 words. */
const INFO_PHRASES: InfoWord[][][] = z
  .object({ format: z.literal('tgpl-info-questions/1'), phrases: z.array(z.string().min(1)).min(1) })
  .parse(parse(readFileSync(new URL('./info-questions.yaml', import.meta.url), 'utf8')))
  .phrases.map((p) => p.split(/\s*(?:…|\.\.\.)\s*/u).map(infoWords).filter((run) => run.length > 0));
const INFO_GAP = 5;

function sameInfoWord(typed: InfoWord, data: InfoWord): boolean {
  return typed.folded === data.folded && (!typed.marked || typed.exact === data.exact);
}

function runAt(words: InfoWord[], run: InfoWord[], at: number): boolean {
  return at + run.length <= words.length && run.every((w, k) => sameInfoWord(words[at + k]!, w));
}

/**
 * Whether a message asks about papers, cost, time or place ("cần mang giấy tờ gì", "mất bao lâu",
 * "nộp ở đâu", "tốn bao nhiêu"): a question for the Q&A, whatever else it names.
 */
export function asksForInformation(text: string): boolean {
  const words = infoWords(text);
  return INFO_PHRASES.some((runs) =>
    words.some((_, start) => {
      if (!runAt(words, runs[0]!, start)) return false;
      let next = start + runs[0]!.length;
      for (const run of runs.slice(1)) {
        let found = -1;
        for (let skip = 0; skip <= INFO_GAP && next + skip < words.length; skip++) {
          if (runAt(words, run, next + skip)) {
            found = next + skip;
            break;
          }
        }
        if (found < 0) return false;
        next = found + run.length;
      }
      return true;
    }),
  );
}

/**
 * Whether a message reads as a question rather than an answer to the pending one: four words or
 * more, and a question mark at the end, a question about papers, cost, time or place, or the
 * question intents (a question about the law or about being eligible).
 */
export function looksLikeQuestion(text: string): boolean {
  const words = syllables(text);
  if (words.length < 4) return false;
  if (/\?\s*$/u.test(text)) return true;
  if (asksForInformation(text)) return true;
  const intent = intents().classify(text, { score: 0.45, margin: 0.05 });
  return intent?.id === 'ask_question' || intent?.id === 'check_eligibility';
}
