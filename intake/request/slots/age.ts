/**
 * An age or a birth year inside a free sentence: "bà 75 tuổi, nhà cận nghèo", "75t",
 * "bảy mươi lăm tuổi", "bay lam tuoi", "năm nay 80", "sinh năm 1949", "sn 49", "năm sinh 1958",
 * "1958" (the whole answer), "ngoài 70" (70, a lower bound), "gần 80" (79), "3 tháng tuổi" (0).
 * Numbers are read only where a number is an age (before "tuổi", after "năm nay", "sinh năm",
 * "ngoài" …), so "3 tháng", "30 triệu", "2 con", "098.765.4321" and "ngày 25/12" are not ages.
 * Phrases are data (age.yaml).
 */
import { z } from 'zod';
import { parseDigitWords, parseNumberWords } from './vietnamese-number.ts';
import { PhraseList, type Words, gapAfter, gapBefore, loadData, tokenize, yearOf } from './words.ts';

export interface AgeFinding {
  age: number;
  birthYear: number;
  /** Whether the person gave an age or a year of birth. */
  source: 'age' | 'birth_year';
}

export interface FindAgeOptions {
  /**
   * Read a whole message that is only a number ("75", "bảy mươi lăm") as an age, as the answer to
   * "Bạn bao nhiêu tuổi?" (default true). Pass false where a bare number may be a menu choice.
   */
  bareNumber?: boolean;
}

const phrases = z.array(z.string().min(1)).min(1);
const schema = z.object({
  ageWords: phrases,
  ageAbbreviations: phrases,
  monthsOld: phrases,
  thisYear: phrases,
  thisYearFillers: phrases,
  bornPrefixes: phrases,
  bornDateWords: phrases,
  atLeast: phrases,
  below: phrases,
  notAgeUnits: phrases,
  moneyWords: phrases,
  answerFillers: phrases,
  notAgeBefore: phrases,
});

const data = loadData(new URL('./age.yaml', import.meta.url), schema);
const AGE_WORDS = PhraseList.of(data.ageWords);
const AGE_ABBREVIATIONS = PhraseList.of(data.ageAbbreviations);
const MONTHS_OLD = PhraseList.of(data.monthsOld);
const THIS_YEAR = PhraseList.of(data.thisYear);
const THIS_YEAR_FILLERS = PhraseList.of(data.thisYearFillers);
const BORN = PhraseList.of(data.bornPrefixes);
const BORN_DATE_WORDS = PhraseList.of(data.bornDateWords);
const AT_LEAST = PhraseList.of(data.atLeast);
const BELOW = PhraseList.of(data.below);
const NOT_AGE_UNITS = PhraseList.of(data.notAgeUnits);
const MONEY = PhraseList.of(data.moneyWords);
const ANSWER_FILLERS = PhraseList.of(data.answerFillers);
const NOT_AGE_BEFORE = PhraseList.of(data.notAgeBefore);

const MAX_AGE = 130;
/** Punctuation that joins a number to another number: "25/12", "098.765", "1-2". */
const NUMBER_JOINER = /[./:\-,]\s*$/u;

/** A number at token `i`: digits standing alone (not part of a date, phone or amount) or number words. */
function numberAt(words: Words, i: number): { value: number; end: number; digits?: string; compound?: boolean } | undefined {
  const t = words.tokens[i];
  if (!t) return undefined;
  if (t.kind === 'number') {
    const prev = words.tokens[i - 1];
    const next = words.tokens[i + 1];
    if (prev?.kind === 'number' && NUMBER_JOINER.test(gapBefore(words, i))) return undefined;
    if (next?.kind === 'number' && /^\s*[./:\-,]/u.test(gapAfter(words, i))) return undefined;
    if (prev?.kind === 'number' && gapBefore(words, i).trim() === '') return undefined; // "098 765 4321"
    if (next?.kind === 'number' && gapAfter(words, i).trim() === '') return undefined;
    if (/^[+%]/u.test(gapAfter(words, i)) || /[+#]\s*$/u.test(gapBefore(words, i))) return undefined;
    return { value: Number(t.text), end: i + 1, digits: t.text };
  }
  return parseNumberWords(words.tokens, i);
}

function fromAge(age: number, year: number): AgeFinding | undefined {
  if (!Number.isInteger(age) || age < 0 || age > MAX_AGE) return undefined;
  return { age, birthYear: year - age, source: 'age' };
}

function fromBirthYear(birthYear: number, year: number): AgeFinding | undefined {
  if (birthYear > year || birthYear < year - MAX_AGE) return undefined;
  return { age: year - birthYear, birthYear, source: 'birth_year' };
}

/** "49" → 1949, "05" → 2005: the most recent year not after this one. */
function fullYear(digits: string, year: number): number {
  const n = Number(digits);
  if (digits.length !== 2) return n;
  return 2000 + n <= year ? 2000 + n : 1900 + n;
}

/** How a modifier before token `i` changes the age: "ngoài 70" 70, "gần 80" 79. */
function modifierBefore(words: Words, i: number): 'atLeast' | 'below' | undefined {
  if (BELOW.endingAt(words, i)) return 'below';
  if (AT_LEAST.endingAt(words, i)) return 'atLeast';
  return undefined;
}

function adjust(age: number, modifier: 'atLeast' | 'below' | undefined): number {
  return modifier === 'below' ? age - 1 : age;
}

/** Whether the number ending before token `end` is followed by a unit that makes it not an age. */
function unitAfter(words: Words, end: number): boolean {
  if (/^\s*[/%]/u.test(gapAfter(words, end - 1))) return true;
  return NOT_AGE_UNITS.at(words, end) !== undefined;
}

/** The birth year after a prefix ending before token `j`: "1949", "49", "12/3/1950", "một chín bốn chín". */
function birthYearAfter(words: Words, j: number, year: number): AgeFinding | undefined {
  const ts = words.tokens;
  const first = ts[j];
  if (!first) return undefined;
  if (first.kind === 'word' && !BORN_DATE_WORDS.at(words, j)) {
    const spelled = parseDigitWords(ts, j, 4, 4);
    if (spelled) return fromBirthYear(Number(spelled.digits), year);
    const n = parseNumberWords(ts, j);
    if (!n) return undefined;
    if (n.value >= 1000) return fromBirthYear(n.value, year);
    if (n.value >= 10 && n.value < 100) return fromBirthYear(fullYear(String(n.value), year), year);
    return undefined;
  }
  // Numbers of a date, with "ngày", "tháng", "năm" among them: the year is the last.
  const numbers: string[] = [];
  let k = j;
  while (k < ts.length && k < j + 8) {
    const t = ts[k]!;
    if (k > j && /[,;!?]/u.test(gapBefore(words, k))) break;
    if (t.kind === 'number') {
      numbers.push(t.text);
      k++;
      continue;
    }
    const w = BORN_DATE_WORDS.at(words, k);
    if (!w) break;
    k = w.end;
  }
  const last = numbers.at(-1);
  if (last === undefined) return undefined;
  if (last.length === 4) return fromBirthYear(Number(last), year);
  if (last.length === 2 && (numbers.length === 1 || numbers.length === 3)) return fromBirthYear(fullYear(last, year), year);
  return undefined;
}

/** An age stated at token `i`, or undefined. */
function ageAt(words: Words, i: number, year: number): AgeFinding | undefined {
  const ts = words.tokens;
  const born = BORN.at(words, i);
  if (born) {
    const found = birthYearAfter(words, born.end, year);
    if (found) return found;
  }

  const num = numberAt(words, i);
  if (num) {
    const modifier = modifierBefore(words, i);
    const months = MONTHS_OLD.at(words, num.end);
    if (months) return fromAge(Math.floor(num.value / 12), year);
    if (AGE_WORDS.at(words, num.end)) return fromAge(adjust(num.value, modifier), year);
    const abbr = AGE_ABBREVIATIONS.at(words, num.end);
    if (abbr && num.digits !== undefined && ts[abbr.end]?.kind !== 'number') {
      const after = gapAfter(words, abbr.end - 1);
      const money = MONEY.endingAt(words, i) || (ts[abbr.end] && MONTHS_OLD.at(words, abbr.end)) || /^\s*\//u.test(after);
      const nextIsUnit = NOT_AGE_UNITS.at(words, abbr.end) !== undefined;
      if (!money && !nextIsUnit) return fromAge(adjust(num.value, modifier), year);
    }
    // "ngoài 70", "gần 80": an age without "tuổi", unless a unit follows ("hơn 30 triệu").
    if (modifier && !unitAfter(words, num.end) && num.value >= 10) return fromAge(adjust(num.value, modifier), year);
    // "bà tôi bảy mươi mốt": a number said in words only a number is said in, 10–130, unless a
    // unit follows or a word before makes it a date, an amount or a count ("tháng mười hai").
    if (num.compound && num.value >= 10 && !unitAfter(words, num.end) && !NOT_AGE_BEFORE.endingAt(words, i) && !MONEY.endingAt(words, i)) {
      return fromAge(adjust(num.value, modifier), year);
    }
  }

  // "tuổi: 75", "tuổi là 75" (a form-style answer).
  const ageWord = AGE_WORDS.at(words, i);
  if (ageWord) {
    let j = ageWord.end;
    if (ANSWER_FILLERS.at(words, j)) j = ANSWER_FILLERS.at(words, j)!.end;
    const n = numberAt(words, j);
    if (n && !/[,.;!?]/u.test(gapBefore(words, ageWord.end)) && !unitAfter(words, n.end)) return fromAge(n.value, year);
  }

  const thisYear = THIS_YEAR.at(words, i);
  if (thisYear) {
    let j = thisYear.end;
    for (let skipped = 0; skipped < 4; skipped++) {
      const filler = THIS_YEAR_FILLERS.at(words, j);
      if (!filler || /[,.;!?]/u.test(gapBefore(words, j))) break;
      j = filler.end;
    }
    const n = numberAt(words, j);
    if (n && !/[,.;!?]/u.test(gapBefore(words, j)) && !unitAfter(words, n.end)) {
      if (AGE_WORDS.at(words, n.end) || n.value <= MAX_AGE) return fromAge(adjust(n.value, modifierBefore(words, j)), year);
    }
  }
  return undefined;
}

/** The whole message is a birth year ("1958", "năm 1958 ạ") or, if asked, a bare age ("75"). */
function bareAnswer(words: Words, year: number, options: FindAgeOptions): AgeFinding | undefined {
  const ts = words.tokens;
  let i = 0;
  let end = ts.length;
  while (i < end) {
    const f = ANSWER_FILLERS.at(words, i);
    if (!f || f.end > end) break;
    i = f.end;
  }
  while (end > i) {
    const f = ANSWER_FILLERS.endingAt(words, end);
    if (!f || f.start < i) break;
    end = f.start;
  }
  if (end <= i) return undefined;
  const first = ts[i]!;
  if (end - i === 1 && first.kind === 'number') {
    if (first.text.length === 4) return fromBirthYear(Number(first.text), year);
    if (options.bareNumber !== false && first.text.length <= 3) return fromAge(Number(first.text), year);
    return undefined;
  }
  const spelled = parseDigitWords(ts, i, 4, 4);
  if (spelled && spelled.end === end) return fromBirthYear(Number(spelled.digits), year);
  if (options.bareNumber !== false) {
    const n = parseNumberWords(ts, i);
    // A lone "không" is "no" or "I don't know", never an age of 0 (a baby's age is said in months).
    if (n && n.end === end && n.value === 0) return undefined;
    if (n && n.end === end) return n.value >= 1000 ? fromBirthYear(n.value, year) : fromAge(n.value, year);
  }
  return undefined;
}

/**
 * The first age or birth year the text states, with the other computed from `today`'s year
 * ("YYYY-MM-DD"; birthdays are not known, so the age is this year minus the birth year).
 */
export function findAge(text: string, today: string, options: FindAgeOptions = {}): AgeFinding | undefined {
  const year = yearOf(today);
  const words = tokenize(text);
  for (let i = 0; i < words.tokens.length; i++) {
    const found = ageAt(words, i, year);
    if (found) return found;
  }
  return bareAnswer(words, year, options);
}
