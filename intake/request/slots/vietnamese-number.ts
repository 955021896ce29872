/**
 * Numbers written as Vietnamese words: "bảy mươi lăm" 75, "bay muoi lam" 75, "bảy lăm" 75,
 * "sáu mươi tư" 64, "mười sáu" 16, "hăm mốt" 21, "một trăm linh năm" 105,
 * "hai nghìn không trăm linh năm" 2005, and digit by digit "một chín bốn chín" "1949".
 * Words are data (vietnamese-number.yaml). "năm" is also "year" and "ba" also "father": callers
 * read number words only where a number is expected (before "tuổi", after "sinh năm" …).
 */
import { z } from 'zod';
import { type DataWord, type Token, type Words, dataWord, loadData, sameWord, tokenize } from './words.ts';

const wordList = z.array(z.string().min(1)).min(1);
const digitMap = z.record(z.string().regex(/^\d$/u), wordList);

const schema = z.object({
  digits: digitMap,
  unitsAfterTens: digitMap,
  notAfterTens: z.array(z.string()),
  shortFormUnits: wordList,
  ten: wordList,
  tens: wordList,
  twenty: wordList,
  zeroTens: wordList,
  hundred: wordList,
  thousand: wordList,
});

const data = loadData(new URL('./vietnamese-number.yaml', import.meta.url), schema);

const toWords = (list: readonly string[]): DataWord[] => list.map(dataWord);
const digitWords = Object.entries(data.digits).map(([d, ws]) => ({ value: Number(d), words: toWords(ws) }));
const afterTensWords = Object.entries(data.unitsAfterTens).map(([d, ws]) => ({ value: Number(d), words: toWords(ws) }));
const notAfterTens = toWords(data.notAfterTens);
const shortFormUnits = toWords(data.shortFormUnits);
const TEN = toWords(data.ten);
const TENS = toWords(data.tens);
const TWENTY = toWords(data.twenty);
const ZERO_TENS = toWords(data.zeroTens);
const HUNDRED = toWords(data.hundred);
const THOUSAND = toWords(data.thousand);

const isAny = (t: Token | undefined, list: readonly DataWord[]): boolean => list.some((w) => sameWord(t, w));

/** The digit a word says (0–9): "bảy", "bay", "bẩy" → 7. */
export function digitOf(t: Token | undefined): number | undefined {
  if (!t || t.kind !== 'word') return undefined;
  return digitWords.find((d) => isAny(t, d.words))?.value;
}

/** A unit after a tens word: the digits (but not "năm") and "mốt", "tư", "lăm", "nhăm". */
function unitAfterTens(t: Token | undefined): number | undefined {
  if (!t || isAny(t, notAfterTens)) return undefined;
  const special = afterTensWords.find((d) => isAny(t, d.words))?.value;
  if (special !== undefined) return special;
  const d = digitOf(t);
  return d !== undefined && d > 0 ? d : undefined;
}

/** A unit after "mười": "mười một", "mười lăm", "mười tư"; not "mười năm" (ten years). */
function unitAfterTen(t: Token | undefined): number | undefined {
  const u = unitAfterTens(t);
  if (u === 1 && !isAny(t, digitWords.find((d) => d.value === 1)!.words)) return undefined; // "mười mốt" is not said
  return u;
}

export interface ParsedNumber {
  value: number;
  /** Token index just after the number. */
  end: number;
  /**
   * Said the way only a number is said ("bảy mươi", "mười sáu", "bảy lăm", "hăm mốt", "một trăm"),
   * not a lone digit word or two digit words ("ba", "hai ba"), which often mean something else.
   */
  compound: boolean;
}

/** 0–99 at token `i`. */
function belowHundred(ts: readonly Token[], i: number): ParsedNumber | undefined {
  const t = ts[i];
  if (isAny(t, TEN)) {
    const u = unitAfterTen(ts[i + 1]);
    return u !== undefined ? { value: 10 + u, end: i + 2, compound: true } : { value: 10, end: i + 1, compound: false };
  }
  if (isAny(t, TWENTY)) {
    const u = unitAfterTens(ts[i + 1]);
    return u !== undefined ? { value: 20 + u, end: i + 2, compound: true } : { value: 20, end: i + 1, compound: true };
  }
  const d = digitOf(t);
  if (d === undefined) return undefined;
  if (d >= 1 && isAny(ts[i + 1], TENS)) {
    // "một chục" 10; "mươi" needs 2–9 but "một mươi" does no harm.
    const u = unitAfterTens(ts[i + 2]);
    return u !== undefined ? { value: d * 10 + u, end: i + 3, compound: true } : { value: d * 10, end: i + 2, compound: true };
  }
  if (d >= 2 && isAny(ts[i + 1], shortFormUnits)) {
    const u = unitAfterTens(ts[i + 1]);
    // Typed without diacritics the short form is too often other words ("trung tam tu choi" is not
    // "tám tư" = 84): it counts as a number only next to "tuổi" and the like, not alone.
    if (u !== undefined) return { value: d * 10 + u, end: i + 2, compound: afterTensWords.some((a) => isAny(ts[i + 1], a.words)) && t!.marked && ts[i + 1]!.marked };
  }
  return { value: d, end: i + 1, compound: false };
}

/** 0–999 at token `i`. */
function belowThousand(ts: readonly Token[], i: number): ParsedNumber | undefined {
  const d = digitOf(ts[i]);
  if (d !== undefined && isAny(ts[i + 1], HUNDRED)) {
    const base = d * 100;
    const j = i + 2;
    if (isAny(ts[j], ZERO_TENS)) {
      const u = digitOf(ts[j + 1]) ?? afterTensWords.find((a) => isAny(ts[j + 1], a.words))?.value;
      if (u !== undefined && u > 0) return { value: base + u, end: j + 2, compound: true };
      return { value: base, end: i + 2, compound: true };
    }
    const rest = belowHundred(ts, j);
    if (rest && rest.value >= 10) return { value: base + rest.value, end: rest.end, compound: true };
    return { value: base, end: i + 2, compound: true };
  }
  return belowHundred(ts, i);
}

/**
 * The number written in words starting at token `i` (greedy: the longest reading), or undefined.
 * Digits typed as digits are not read here.
 */
export function parseNumberWords(ts: readonly Token[], i: number): ParsedNumber | undefined {
  const head = belowThousand(ts, i);
  if (!head) return undefined;
  if (isAny(ts[head.end], THOUSAND)) {
    const base = head.value * 1000;
    const j = head.end + 1;
    if (isAny(ts[j], ZERO_TENS)) {
      const u = digitOf(ts[j + 1]);
      if (u !== undefined && u > 0) return { value: base + u, end: j + 2, compound: true };
    }
    const rest = belowThousand(ts, j);
    // "hai nghìn không trăm linh năm": the part after "nghìn" must say its hundreds.
    if (rest && (isAny(ts[j + 1], HUNDRED) || rest.value >= 100)) return { value: base + rest.value, end: rest.end, compound: true };
    return { value: base, end: j, compound: true };
  }
  return head;
}

/**
 * Digits said one by one, "một chín bốn chín" → "1949" (at least `min` digit words), or undefined.
 */
export function parseDigitWords(ts: readonly Token[], i: number, min = 2, max = 4): { digits: string; end: number } | undefined {
  let digits = '';
  let j = i;
  while (j < ts.length && digits.length < max) {
    const d = digitOf(ts[j]);
    if (d === undefined) break;
    digits += String(d);
    j++;
  }
  return digits.length >= min ? { digits, end: j } : undefined;
}

/** A whole text that is a number in words ("bảy mươi lăm" → 75), or undefined. */
export function numberFromWords(text: string): number | undefined {
  const words: Words = tokenize(text);
  if (words.tokens.length === 0) return undefined;
  const n = parseNumberWords(words.tokens, 0);
  return n && n.end === words.tokens.length ? n.value : undefined;
}
