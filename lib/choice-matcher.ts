/**
 * Picks what a person meant from a short list of options, forgiving case, missing diacritics,
 * đ/d, a cut-off word and small typos: "kiem tra", "Kiểm Tra", "kiểm tr" and "2" all pick
 * "Kiểm tra diện được trợ giúp".
 */
import { editDistance, fold } from './text.ts';

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
}

const NUMBER = /^(?:so|chon|muc|phuong an)?\s*(\d{1,2})$/u;

function phrases(option: MatchOption): string[] {
  return [option.label, ...(option.keywords ?? [])].map(fold).filter((p) => p !== '');
}

function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** How well `input` (folded) says `phrase` (folded): 0 for no match, higher is better. */
function score(input: string, phrase: string, mode: 'whole' | 'contains'): number {
  if (input === phrase) return 100;
  if (editDistance(input, phrase, 2) <= typoAllowance(phrase.length)) return 90;
  // A cut-off last word: "kiem tr" for "kiem tra".
  if (input.length >= 4 && phrase.startsWith(input) && input.length >= phrase.length * 0.6) return 80;
  if (mode === 'whole') return 0;
  const padded = ` ${input} `;
  if (phrase.length >= 3 && padded.includes(` ${phrase} `)) return 60 + Math.min(phrase.length, 30);
  // Typos inside a longer message: compare the phrase with each same-length window of words.
  const words = input.split(' ');
  const size = phrase.split(' ').length;
  if (words.length > size && phrase.length >= 6) {
    for (let i = 0; i + size <= words.length; i++) {
      const window = words.slice(i, i + size).join(' ');
      if (editDistance(window, phrase, 2) <= typoAllowance(phrase.length)) return 50 + Math.min(phrase.length, 30);
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
  const mode = settings.mode ?? 'contains';
  let best: T | undefined;
  let bestScore = 0;
  let tie = false;
  for (const option of options) {
    const s = Math.max(0, ...phrases(option).map((p) => score(folded, p, mode)));
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
