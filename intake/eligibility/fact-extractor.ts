/**
 * Picks eligibility facts out of what people type ("nhà tôi hộ nghèo", "bà tôi 75 tuổi",
 * "toi la nguoi dan toc Mong", "chồng tôi hay uống rượu rồi đánh đập tôi"), by phrases kept as data
 * (fact-phrases.yaml) and the age reader; no language model. Works with or without diacritics; a
 * word typed with its vowel marks must have the phrase's marks ("vô" is not "vợ").
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { foldDiacritics } from '../../lib/text.ts';
import { ageInSentence } from './age-in-text.ts';
import { FACT_NAMES, mergeFacts, type FactName, type Facts } from './facts.ts';

export const HINTS = ['areaWords'] as const;
/**
 * Words that hint at a fact without stating it ("vùng cao": the area is not thereby on the list);
 * `nearPoorUnknown`: the household was read as "none" from a negated poor-household phrase alone
 * ("ko có sổ nghèo"), which says nothing of a near-poor certificate.
 */
export type Hint = (typeof HINTS)[number] | 'nearPoorUnknown';

const phraseFileSchema = z.strictObject({
  negations: z.array(z.string()),
  negationFillers: z.array(z.string()),
  lists: z.strictObject({ joins: z.array(z.string()), closers: z.array(z.string()), contrasts: z.array(z.string()) }),
  gap: z.strictObject({ max: z.number().int().min(1), stops: z.array(z.string()) }),
  neutral: z.array(z.string()),
  facts: z.array(
    z.strictObject({
      fact: z.enum(FACT_NAMES),
      value: z.union([z.boolean(), z.string()]),
      excludes: z.array(z.enum(FACT_NAMES)).optional(),
      phrases: z.array(z.string()).min(1),
    }),
  ),
  hints: z.array(z.strictObject({ hint: z.enum(HINTS), phrases: z.array(z.string()).min(1) })),
  ethnicGroups: z.array(z.string()),
  onlyAfterDanToc: z.array(z.string()),
});

/** A word as typed or written in the data: folded, and with only its tone marks removed. */
interface Word {
  folded: string;
  /** Lower case, đ kept as d, vowel marks (â ê ô ơ ư ă) kept, tones removed. */
  marks: string;
  /** Whether it carries a vowel mark (then it must agree with the phrase's). */
  marked: boolean;
  /** Which sentence of the text it is in (a gap never runs across sentences). */
  sentence: number;
  /** Which clause (between commas) it is in (a negation counts only within its clause: "à không, cận nghèo"). */
  clause: number;
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const VOWEL_MARKS = /[\u0302\u0306\u031B]/u;

function wordOf(raw: string, sentence: number, clause: number): Word {
  const decomposed = raw.normalize('NFD').replace(/[đĐ]/gu, 'd').toLowerCase();
  return {
    folded: foldDiacritics(raw),
    marks: decomposed.replace(TONES, '').normalize('NFC'),
    marked: VOWEL_MARKS.test(decomposed),
    sentence,
    clause,
  };
}

/** The words of a text (punctuation dropped), each with its sentence and clause. */
function wordsOf(text: string): Word[] {
  let clause = 0;
  return text
    .normalize('NFC')
    .split(/[.!?;\n]+(?:\s|$)/u)
    .flatMap((sentence, index) =>
      sentence.split(/[,:()]/u).flatMap((part) => {
        clause += 1;
        return part
          .split(/[^\p{L}\p{M}\p{N}]+/u)
          .filter((w) => w !== '')
          .map((w) => wordOf(w, index, clause));
      }),
    );
}

/** Whether a typed word says the data's word: same letters, and the same vowel marks if it has any. */
function sameWord(typed: Word | undefined, data: Word): boolean {
  if (!typed || typed.folded !== data.folded) return false;
  return !typed.marked || !data.marked || typed.marks === data.marks;
}

interface Pattern {
  /** Runs of words; between two runs, a gap of up to `gap.max` words. */
  runs: Word[][];
  /** Words that must match (the runs together), for ordering longest first. */
  size: number;
  target: { kind: 'fact'; fact: FactName; value: boolean | string; excludes: FactName[] } | { kind: 'hint'; hint: Hint } | { kind: 'neutral' };
}

function patternOf(phrase: string, target: Pattern['target']): Pattern {
  const runs = phrase
    .split(/\s*(?:…|\.\.\.)\s*/u)
    .map(wordsOf)
    .filter((r) => r.length > 0);
  return { runs, size: runs.reduce((n, r) => n + r.length, 0), target };
}

function load() {
  const data = phraseFileSchema.parse(parse(readFileSync(new URL('./fact-phrases.yaml', import.meta.url), 'utf8')));
  const patterns: Pattern[] = [];
  for (const f of data.facts) {
    for (const p of f.phrases) patterns.push(patternOf(p, { kind: 'fact', fact: f.fact, value: f.value, excludes: f.excludes ?? [] }));
  }
  for (const h of data.hints) for (const p of h.phrases) patterns.push(patternOf(p, { kind: 'hint', hint: h.hint }));
  const danTocOnly = new Set(data.onlyAfterDanToc.map((n) => wordsOf(n).map((w) => w.folded).join(' ')));
  const ethnic: Pattern['target'] = { kind: 'fact', fact: 'ethnicMinority', value: true, excludes: [] };
  for (const name of data.ethnicGroups) {
    patterns.push(patternOf(`dân tộc ${name}`, ethnic));
    if (!danTocOnly.has(wordsOf(name).map((w) => w.folded).join(' '))) patterns.push(patternOf(`người ${name}`, ethnic));
  }
  // Neutral phrases first, then the longest (most words that must match), then those without a gap.
  const neutral = data.neutral.map((p) => patternOf(p, { kind: 'neutral' }));
  patterns.sort((a, b) => b.size - a.size || a.runs.length - b.runs.length);
  return {
    patterns: [...neutral.sort((a, b) => b.size - a.size), ...patterns],
    negations: data.negations.map(wordsOf).sort((a, b) => b.length - a.length),
    fillers: data.negationFillers.flatMap(wordsOf),
    lists: {
      joins: data.lists.joins.flatMap(wordsOf),
      closers: data.lists.closers.flatMap(wordsOf),
      contrasts: data.lists.contrasts.flatMap(wordsOf),
    },
    gap: { max: data.gap.max, stops: data.gap.stops.map((s) => wordsOf(s)[0]!) },
  };
}

const { patterns, negations, fillers, lists, gap } = load();

function isOneOf(word: Word | undefined, set: Word[]): boolean {
  return word !== undefined && set.some((w) => sameWord(word, w));
}

/** Whether `run` stands at position `at` on words not yet taken. */
function runAt(words: Word[], used: boolean[], run: Word[], at: number, sentence: number): boolean {
  if (at < 0 || at + run.length > words.length) return false;
  return run.every((w, k) => !used[at + k] && words[at + k]!.sentence === sentence && sameWord(words[at + k], w));
}

/** The positions of each run of `pattern` when it starts at `start`, or undefined. */
function matchAt(words: Word[], used: boolean[], pattern: Pattern, start: number): number[] | undefined {
  const sentence = words[start]?.sentence ?? -1;
  if (!runAt(words, used, pattern.runs[0]!, start, sentence)) return undefined;
  const positions = [start];
  let next = start + pattern.runs[0]!.length;
  for (const run of pattern.runs.slice(1)) {
    let found: number | undefined;
    for (let skip = 0; skip <= gap.max && next + skip < words.length; skip++) {
      if (runAt(words, used, run, next + skip, sentence)) {
        found = next + skip;
        break;
      }
      const w = words[next + skip]!;
      if (used[next + skip] || w.sentence !== sentence || gap.stops.some((s) => sameWord(w, s))) break;
    }
    if (found === undefined) return undefined;
    positions.push(found);
    next = found + run.length;
  }
  return positions;
}

/**
 * Whether a negation stands before position `start` in its clause: right before it, with one other
 * word between ("không phải là", "chưa từng"), or with only filler words between ("không có giấy
 * chứng nhận hộ nghèo").
 */
function negatedAt(words: Word[], start: number): boolean {
  const clause = words[start]!.clause;
  const negationEndsAt = (end: number): boolean =>
    negations.some((n) => end - n.length >= 0 && n.every((w, i) => words[end - n.length + i]!.clause === clause && sameWord(words[end - n.length + i], w)));
  if (negationEndsAt(start) || (start >= 1 && negationEndsAt(start - 1))) return true;
  for (let end = start; end > 0 && start - end < 5; end--) {
    const before = words[end - 1]!;
    if (before.clause !== clause || !isOneOf(before, fillers)) return false;
    if (negationEndsAt(end - 1)) return true;
  }
  return false;
}

interface Statement {
  at: number;
  end: number;
  fact: FactName;
  value: boolean | string;
  negated: boolean;
  /** Left unknown: an item after a negated one that may or may not be negated ("không có sổ nghèo, cận nghèo"). */
  unknown: boolean;
  excludes: FactName[];
}

/**
 * A negation covers the items listed after the one it stands before ("không có sổ hộ nghèo hay cận
 * nghèo gì cả"): an item joined to a negated one by list words only is negated too (across a comma
 * only when a closing "gì", "cả", "nào" follows the list; else left unknown). In the same clause a
 * household item after a negated one is never positive unless a contrast word stands between
 * ("… mà có sổ cận nghèo"). Criminal roles are left as they are (a negated one says nothing).
 */
function spreadNegation(words: Word[], statements: Statement[]): void {
  const listed = statements.filter((s) => s.fact !== 'criminalRole').sort((a, b) => a.at - b.at);
  for (let i = 1; i < listed.length; i++) {
    const item = listed[i]!;
    if (item.negated) continue;
    const prev = listed[i - 1]!;
    if (!prev.negated || prev.end > item.at || words[prev.end]?.sentence !== words[item.at]!.sentence) continue;
    const between = words.slice(prev.end, item.at);
    const sameClause = words[prev.end - 1]!.clause === words[item.at]!.clause;
    if (between.every((w) => isOneOf(w, lists.joins))) {
      if (sameClause) {
        item.negated = true;
        continue;
      }
      // Across a comma: the list must close with "gì", "cả", "nào"… after its last item.
      let last = i;
      while (last + 1 < listed.length && words.slice(listed[last]!.end, listed[last + 1]!.at).every((w) => isOneOf(w, lists.joins)) && listed[last]!.end <= listed[last + 1]!.at) last++;
      const after = words[listed[last]!.end];
      if (after && after.sentence === words[item.at]!.sentence && isOneOf(after, lists.closers)) item.negated = true;
      else item.unknown = true;
      continue;
    }
    if (item.fact === 'household' && sameClause && !between.some((w) => isOneOf(w, lists.contrasts))) item.unknown = true;
  }
}

/** What a message says: the facts it states (others left out: unknown) and the hints it gives. */
export interface MessageReading {
  facts: Facts;
  hints: Hint[];
}

/** "YYYY-MM-DD", or a year (read as its last day), for turning a year of birth into an age. */
function asDate(today: string | number): string {
  return typeof today === 'number' ? `${today}-12-31` : today;
}

/** Reads the facts and hints in a message. `today` ("YYYY-MM-DD", or the year) turns a year of birth into an age. */
export function readMessage(text: string, today: string | number): MessageReading {
  const words = wordsOf(text);
  const used = new Array<boolean>(words.length).fill(false);
  const statements: Statement[] = [];
  const hints = new Set<Hint>();
  for (const pattern of patterns) {
    for (let i = 0; i < words.length; i++) {
      const positions = matchAt(words, used, pattern, i);
      if (!positions) continue;
      pattern.runs.forEach((run, r) => run.forEach((_, k) => (used[positions[r]! + k] = true)));
      const target = pattern.target;
      if (target.kind === 'hint') hints.add(target.hint);
      if (target.kind !== 'fact') continue;
      const end = positions[positions.length - 1]! + pattern.runs[pattern.runs.length - 1]!.length;
      statements.push({ at: i, end, fact: target.fact, value: target.value, negated: negatedAt(words, i), unknown: false, excludes: target.excludes });
    }
  }
  spreadNegation(words, statements);
  const facts: Record<string, unknown> = {};
  // In text order, so the last statement of a fact counts; a negated one never replaces a positive one.
  const positive = new Set<FactName>();
  const negatedHouseholds = new Set<string>();
  for (const s of statements.sort((a, b) => a.at - b.at)) {
    // An item that may be negated or not ("không có sổ nghèo, cận nghèo"): the fact is asked, not guessed.
    if (s.unknown) {
      delete facts[s.fact];
      positive.delete(s.fact);
      continue;
    }
    if (s.negated && positive.has(s.fact)) continue;
    if (s.fact === 'household' && s.negated) negatedHouseholds.add(String(s.value));
    if (typeof s.value === 'boolean') facts[s.fact] = s.negated ? !s.value : s.value;
    else if (s.fact === 'household') facts.household = s.negated ? 'none' : s.value;
    else if (!s.negated) facts[s.fact] = s.value;
    else continue;
    if (!s.negated) positive.add(s.fact);
  }
  for (const s of statements) {
    if (!s.negated && !s.unknown && facts[s.fact] === s.value) for (const excluded of s.excludes) delete facts[excluded];
  }
  const age = ageInSentence(text, asDate(today));
  if (age !== undefined) facts.age = age.age;
  // "Không có sổ nghèo" denies the poor-household certificate only: a near-poor one may still be held.
  if (facts.household === 'none' && !positive.has('household') && !negatedHouseholds.has('near_poor')) hints.add('nearPoorUnknown');
  return { facts: facts as Facts, hints: [...hints] };
}

/** The facts a message states. Facts it does not mention are left out (unknown). */
export function extractFacts(text: string, today: string | number): Facts {
  return readMessage(text, today).facts;
}

/**
 * The facts stated across several messages of a conversation, in the order they were said: a later
 * statement of a fact overrides an earlier one ("hộ nghèo" … "à không, cận nghèo").
 */
export function factsFromMessages(texts: readonly string[], today: string | number): Facts {
  return mergeFacts(...texts.map((t) => extractFacts(t, today)));
}
