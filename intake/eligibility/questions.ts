/**
 * The eligibility questions (questions.yaml), which to ask next, and how an answer to each is read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { fold } from '../../lib/text.ts';
import { ageAnswer } from './age-in-text.ts';
import { areaListsAt } from './disadvantaged-areas.ts';
import { FACT_NAMES, factsSchema, type FactName, type Facts } from './facts.ts';
import { factValues, rankAsks, somePartlyMet, type Ask } from './ranking.ts';
import type { EligibilityRules } from './rules.ts';

const isoDate = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));

const factValue = z.union([z.boolean(), z.string()]);

const choiceSchema = z
  .strictObject({
    /** The value of the question's fact (null: "không rõ"). */
    value: z.union([z.boolean(), z.string(), z.null()]).optional(),
    /** The facts this choice states, when it states more than the question's one fact. */
    set: z.partialRecord(z.enum(FACT_NAMES), factValue).optional(),
    /** "Không thuộc trường hợp nào": every fact of the question not known yet is false. */
    none: z.literal(true).optional(),
    label: z.string(),
    keywords: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).default([]),
    /** Offered only from this date (the rule it serves starts then). */
    from: isoDate.optional(),
  })
  .refine((c) => [c.value !== undefined, c.set !== undefined, c.none !== undefined].filter(Boolean).length === 1, {
    message: 'a choice has exactly one of value, set, none',
  });

const questionSchema = z.strictObject({
  ask: z.string(),
  /** Asked again (`repeat`): the text then. */
  askAgain: z.string().optional(),
  repeat: z.boolean().default(false),
  /** Asked first while nothing points to a group yet (no group partly met). */
  opening: z.boolean().default(false),
  kind: z.enum(['choice', 'age', 'commune']).default('choice'),
  /** The fact the question is about (default: its id). */
  fact: z.enum(FACT_NAMES).optional(),
  choices: z.array(choiceSchema).min(1),
});

export type QuestionId = FactName | 'commune' | 'situation';
export type Question = z.infer<typeof questionSchema> & {
  id: QuestionId;
  /** The facts its answers state (none for the commune question). */
  facts: FactName[];
};
type Choice = Question['choices'][number];

const file = parse(readFileSync(new URL('./questions.yaml', import.meta.url), 'utf8')) as { questions: Record<string, unknown> };
const parsed = z.record(z.string(), questionSchema).parse(file.questions);

export const QUESTIONS = new Map<QuestionId, Question>(
  Object.entries(parsed).map(([id, q]) => {
    const main = q.fact ?? (FACT_NAMES.includes(id as FactName) ? (id as FactName) : undefined);
    const set = q.choices.flatMap((c) => Object.keys(c.set ?? {}) as FactName[]);
    const facts = q.kind === 'commune' ? [] : [...new Set([...(main ? [main] : []), ...set])];
    if (q.kind !== 'commune' && facts.length === 0) throw new Error(`intake/eligibility/questions.yaml: ${id} states no fact`);
    return [id as QuestionId, { ...q, fact: main, id: id as QuestionId, facts }];
  }),
);
for (const fact of FACT_NAMES) {
  if (![...QUESTIONS.values()].some((q) => q.facts.includes(fact))) {
    throw new Error(`intake/eligibility/questions.yaml: no question for ${fact}`);
  }
}
for (const q of QUESTIONS.values()) {
  for (const c of q.choices) {
    // Each choice must state valid facts ("household: rich" is refused at load).
    const stated = factsOfChoice(q, c, {});
    const checked = factsSchema.safeParse(stated);
    if (!checked.success) throw new Error(`intake/eligibility/questions.yaml: ${q.id}: "${c.label}": ${checked.error.issues[0]!.message}`);
  }
}

export function questionFor(id: QuestionId): Question {
  return QUESTIONS.get(id)!;
}

/** The facts a choice states, given what is known ({} for "không rõ"). */
function factsOfChoice(question: Question, choice: Choice, known: Facts): Facts {
  if (choice.none) {
    return Object.fromEntries(question.facts.filter((f) => known[f] === undefined || known[f] === null).map((f) => [f, false])) as Facts;
  }
  if (choice.set) return { ...choice.set } as Facts;
  if (choice.value === null || choice.value === undefined || !question.fact) return {};
  return { [question.fact]: choice.value } as Facts;
}

const isKnown = (facts: Facts, fact: FactName) => facts[fact] !== undefined && facts[fact] !== null;

/**
 * The choices offered on `date`, with their place in questions.yaml; when a question comes again,
 * the situations already known are left out.
 */
function offered(question: Question, date: string, known: Facts = {}): Array<{ choice: Choice; index: number }> {
  return question.choices
    .map((choice, index) => ({ choice, index }))
    .filter(({ choice }) => !choice.from || choice.from <= date)
    .filter(({ choice }) => !choice.set || Object.keys(choice.set).some((f) => !isKnown(known, f as FactName)));
}

/** Whether the question is asked again (a `repeat` question with some of its facts known). */
function isAgain(question: Question, known: Facts): boolean {
  return question.repeat && question.facts.some((f) => isKnown(known, f));
}

/** The question's text on `date` (the lists of disadvantaged areas in force filled in). */
export function askText(question: Question, date: string, known: Facts = {}): string {
  const text = isAgain(question, known) && question.askAgain ? question.askAgain : question.ask;
  return text.replace('{areaLists}', () => areaListsAt(date));
}

/** The choices as the dialogue offers them (ids "q:<question>:<index>"). */
export function choicesOf(question: Question, date: string, known: Facts = {}): Array<{ id: string; label: string }> {
  return offered(question, date, known).map(({ choice, index }) => ({ id: `q:${question.id}:${index}`, label: choice.label }));
}

/** The questions as asks for the ranking, in questions.yaml order, given what is known. */
export function questionAsks(rules: EligibilityRules, known: Facts = {}): Ask[] {
  return [...QUESTIONS.values()]
    .filter((q) => q.facts.length > 0)
    .map((q) => ({
      id: q.id,
      facts: q.facts.filter((f) => !isKnown(known, f)),
      answers:
        q.kind === 'age'
          ? factValues('age', rules).map((age) => ({ age }) as Facts)
          : q.choices.map((c) => factsOfChoice(q, c, known)).filter((f) => Object.keys(f).length > 0),
    }))
    .filter((a) => a.facts.length > 0);
}

/**
 * The next question worth asking: the one that settles the most of the groups still open
 * (ranking.ts), among those not asked yet (or, for a `repeat` question, not answered "không rõ");
 * the `opening` question (the age) first while no group is partly met. Undefined when the result is
 * settled or nothing left to ask can change it.
 */
export function nextQuestion(
  rules: EligibilityRules,
  facts: Facts,
  date: string,
  asked: readonly QuestionId[],
  dontKnow: readonly QuestionId[] = asked,
): QuestionId | undefined {
  const ranked = rankAsks(rules, facts, date, questionAsks(rules, facts))
    .map((r) => r.id as QuestionId)
    .filter((id) => (questionFor(id).repeat ? !dontKnow.includes(id) : !asked.includes(id)));
  const opening = ranked.find((id) => questionFor(id).opening);
  if (opening && !somePartlyMet(rules, facts, date)) return opening;
  return ranked[0];
}

/**
 * An answer read: the facts it states ({} for "không rõ"), or a commune; `how` it was read — a
 * button, the whole message, its first words ("có, chồng tôi đánh tôi"), or a choice's words
 * found inside a longer message (the weakest reading: facts stated in the message come first).
 */
export type ReadAnswer =
  | { facts: Facts; commune?: undefined; how: 'button' | 'whole' | 'leading' | 'inside' }
  | { facts: Facts; commune: string; how: 'whole' }
  | undefined;

/** Politeness words around a short answer ("dạ có", "thưa không", "không ạ"). */
const FILLERS = new Set(['da', 'thua', 'a', 'um', 'o', 'oi', 'ah', 'nha', 'nhe', 'dau', 'roi']);

/** Whether the message is itself a yes/no question ("… có được không?"), whose "không" is no answer. */
function isQuestion(text: string): boolean {
  if (text.trim().endsWith('?')) return true;
  return /(?:^|\s)co(?:\s.*)?\s(?:khong|ko|k|chua|hong|hem)$/u.test(fold(text));
}

/** Reads an answer to `question`, from a pressed button (`choice`) or typed text, on `date`. */
export function readAnswer(question: Question, text: string, choice: string | undefined, date: string, known: Facts = {}): ReadAnswer {
  const prefix = `q:${question.id}:`;
  if (choice?.startsWith(prefix)) {
    const picked = question.choices[Number(choice.slice(prefix.length))];
    return picked ? { facts: factsOfChoice(question, picked, known), how: 'button' } : undefined;
  }
  const options = offered(question, date, known).map(({ choice: c, index }) => ({ ...c, id: String(index) }));
  if (question.kind === 'age') {
    const folded = fold(text);
    const bare = /^(?:(?:nam|sinh nam|sinh)\s)?(\d{1,4})(?:\s(?:a|da|nhe|nha))?$/u.exec(folded);
    if (bare) {
      const n = Number(bare[1]);
      const year = Number(date.slice(0, 4));
      if (n <= 130) return { facts: { age: n }, how: 'whole' };
      if (n > year - 131 && n <= year) return { facts: { age: year - n }, how: 'whole' };
      return undefined;
    }
    const age = ageAnswer(text, date);
    if (age !== undefined) return { facts: { age: age.age }, how: 'whole' };
    const unknown = matchChoice(text, options, { numbers: false });
    return unknown ? { facts: {}, how: 'whole' } : undefined;
  }
  if (question.kind === 'commune') {
    const unknown = matchChoice(text, options, { numbers: false, mode: 'whole' });
    if (unknown) return { facts: {}, how: 'whole' };
    return fold(text).length >= 2 ? { facts: {}, commune: text.trim(), how: 'whole' } : undefined;
  }
  const asFacts = (picked: (typeof options)[number] | undefined) => (picked ? factsOfChoice(question, picked, known) : undefined);
  const whole = asFacts(matchChoice(text, options, { mode: 'whole' }));
  if (whole) return { facts: whole, how: 'whole' };
  // The first clause on its own: "có, chồng tôi đánh tôi", "dạ không ạ, nhà tôi cận nghèo".
  const clauses = text.split(/[,.;:!?\n]/u);
  if (clauses.length > 1) {
    const words = fold(clauses[0] ?? '').split(' ').filter((w) => w !== '');
    while (words.length > 1 && FILLERS.has(words[0]!)) words.shift();
    while (words.length > 1 && FILLERS.has(words.at(-1)!)) words.pop();
    const lead = asFacts(matchChoice(words.join(' '), options, { mode: 'whole', numbers: false }));
    if (lead) return { facts: lead, how: 'leading' };
  }
  if (isQuestion(text)) return undefined;
  // A list of situations is not looked for inside a sentence ("có chồng" is a typo away from "có
  // công"): its phrases are read by the fact extractor, which forgives no typo.
  if (question.choices.some((c) => c.set)) return undefined;
  const inside = asFacts(matchChoice(text, options));
  return inside ? { facts: inside, how: 'inside' } : undefined;
}
