/**
 * Picks what a person meant from a short list of options, forgiving case, missing diacritics,
 * đ/d, a cut-off word and small typos: "kiem tra", "Kiểm Tra", "kiểm tr" and "2" all pick
 * "Kiểm tra diện được trợ giúp".
 *
 * Diacritics typed are evidence, not noise: a word the person typed WITH diacritics must match the
 * option's word with the same diacritics ("đúng" never picks "dừng"); only a word typed without
 * them is compared folded ("dung" may be either, and the other words decide).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { remember } from './bounded-memo.ts';
import { editDistance, fold, foldDiacritics } from './text.ts';

/** An option with the words that choose it. */
export interface MatchOption {
  id: string;
  label: string;
  /** Other ways people say it; the label always counts. */
  keywords?: string[];
}

export interface MatchOptions {
  /** Accept "1", "2", … as the option's position (default true). */
  numbers?: boolean;
  /**
   * "whole": the whole message must be the option (global words such as "hủy", so a long message
   * that mentions it is not misread); "contains" (default): the option may stand inside the message.
   */
  mode?: 'whole' | 'contains';
  /** Forgive small typos (default true); off where a phrase list is long and must match exactly. */
  typos?: boolean;
}

const NUMBER = /^(?:so|chon|muc|phuong an)?\s*(\d{1,2})$/u;

/** A word as typed (lower case, NFC) and folded. */
export interface Word {
  exact: string;
  folded: string;
  marked: boolean;
}

/** Chat spellings of whole words (lib/chat-abbreviations.yaml): "ko" → "không". */
const ABBREVIATIONS = new Map(
  Object.entries(z.record(z.string(), z.string()).parse(parse(readFileSync(new URL('./chat-abbreviations.yaml', import.meta.url), 'utf8')))).map(
    ([k, v]) => [k.normalize('NFC'), v.normalize('NFC')],
  ),
);

/** Lower-cased NFC words with punctuation removed, each with its folded form; chat spellings spelled out. */
export function wordsOf(text: string): Word[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
    .flatMap((w) => (ABBREVIATIONS.get(w) ?? w).split(' '))
    .map((exact) => {
      const folded = foldDiacritics(exact);
      return { exact, folded, marked: folded !== exact };
    });
}

/**
 * The form two words are compared in: exact when both carry diacritics, folded otherwise.
 * "đúng"/"dừng" → compared exact (different); "dung"/"dừng" → folded (same).
 */
function pairForms(a: Word, b: Word): [string, string] {
  return a.marked && b.marked ? [a.exact, b.exact] : [a.folded, b.folded];
}

/** Whether two words are the same word by that rule. */
export function sameWord(a: Word, b: Word): boolean {
  const [x, y] = pairForms(a, b);
  return x === y;
}

/**
 * Edit distance between `input` and the first input.length words of `phrase`, each word in its pair
 * form; more than `max` in all, or a typo in a word too short to forgive one ("ba" for "bạn"), is
 * max + 1.
 */
function runDistance(input: Word[], phrase: Word[], max: number): number {
  let total = 0;
  for (let i = 0; i < input.length; i++) {
    const [a, b] = pairForms(input[i]!, phrase[i]!);
    if (a === b) continue;
    const d = editDistance(a, b, Math.max(max - total, 0));
    if (d > wordTypoAllowance(a, b)) return max + 1;
    total += d;
    if (total > max) return max + 1;
  }
  return total;
}

/** The typos one word may carry: none in a short word, but for two swapped letters ("tar" for "tra"). */
function wordTypoAllowance(typed: string, target: string): number {
  // A letter typed twice ("toii" for "toi").
  if (typed.length === target.length + 1 && typed.replace(/(.)\1/u, '$1') === target) return 1;
  if (target.length >= 4) return typoAllowance(target.length);
  const swapped = target.length === 3 && typed.length === 3 && [...typed].sort().join('') === [...target].sort().join('');
  return swapped ? 1 : 0;
}

function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

function phrases(option: MatchOption): Word[][] {
  const texts = option.keywords ? [option.label, ...option.keywords] : [option.label];
  const out: Word[][] = [];
  for (const text of texts) {
    const words = phraseWords(text);
    if (words.length > 0) out.push(words);
  }
  return out;
}

/**
 * The words of an option's label or keyword. Options are data read once, so the same few thousand
 * phrases are compared at every turn: their words are kept (callers never change them).
 */
function phraseWords(text: string): Word[] {
  return remember(phraseMemo, text, PHRASE_MEMO_SIZE, () => wordsOf(text));
}

const PHRASE_MEMO_SIZE = 50_000;
const phraseMemo = new Map<string, Word[]>();

const joined = (words: Word[]) => words.map((w) => w.folded).join(' ');

/** How well `input` says `phrase`: 0 for no match, higher is better. */
function score(input: Word[], phrase: Word[], mode: 'whole' | 'contains', typos = true): number {
  const phraseLength = joined(phrase).length;
  if (input.length === phrase.length) {
    const d = runDistance(input, phrase, 2);
    if (d === 0) return 100;
    if (d <= typoAllowance(phraseLength)) return 90;
  }
  // A cut-off last word: "kiem tr" for "kiem tra" (the whole words before it must agree; a word
  // missing altogether is not a cut-off: "không" is not "không rõ").
  const typed = joined(input);
  if (input.length === phrase.length && typed.length >= 4 && typed.length >= phraseLength * 0.6) {
    const whole = input.slice(0, -1);
    const last = input.at(-1)!;
    const target = phrase[input.length - 1]!;
    const [a, b] = pairForms(last, target);
    if (runDistance(whole, phrase, 0) === 0 && b.startsWith(a) && joined(phrase).startsWith(typed)) return 80;
  }
  if (mode === 'whole') return 0;
  // The first words of a longer label ("họ tên" for "Họ tên người cần giúp").
  if (input.length >= 2 && input.length < phrase.length && typed.length >= 5 && runDistance(input, phrase, 0) === 0) return 70;
  // The phrase inside a longer message, exactly or with small typos.
  if (input.length > phrase.length && phraseLength >= 3) {
    for (let i = 0; i + phrase.length <= input.length; i++) {
      const window = input.slice(i, i + phrase.length);
      if (runDistance(window, phrase, 0) === 0) return 60 + Math.min(phraseLength, 30);
    }
    if (phraseLength >= 6 && typos) {
      for (let i = 0; i + phrase.length <= input.length; i++) {
        const window = input.slice(i, i + phrase.length);
        if (runDistance(window, phrase, 2) <= typoAllowance(phraseLength)) return 50 + Math.min(phraseLength, 30);
      }
    }
  }
  return 0;
}

/**
 * The option the input picks, or undefined when none does or two options match equally well.
 */
export function matchChoice<T extends MatchOption>(
  input: string,
  options: readonly T[],
  settings: MatchOptions = {},
): T | undefined {
  const folded = fold(input);
  if (folded === '') return undefined;
  if (settings.numbers !== false) {
    const n = NUMBER.exec(folded);
    if (n) return options[Number(n[1]) - 1];
  }
  const words = wordsOf(input);
  const mode = settings.mode ?? 'contains';
  let best: T | undefined;
  let bestScore = 0;
  let tie = false;
  for (const option of options) {
    let s = 0;
    for (const p of phrases(option)) s = Math.max(s, score(words, p, mode, settings.typos !== false));
    if (s > bestScore) {
      best = option;
      bestScore = s;
      tie = false;
    } else if (s > 0 && s === bestScore && option.id !== best?.id) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}
