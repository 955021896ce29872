/**
 * Vietnamese text normalisation shared by matching, indexing and address lookup.
 *
 * `fold("Đăng Ký Trợ giúp")` → `"dang ky tro giup"`: NFC, lower case, diacritics removed and đ→d
 * (Unicode decomposition does not split đ, so it is mapped by hand).
 */
import { remember } from './bounded-memo.ts';

/** Unicode NFC, with runs of white space collapsed and trimmed. */
export function nfc(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Lower case, no diacritics, đ→d; punctuation kept. */
export function foldDiacritics(text: string): string {
  // Plain ASCII (most chat text typed without diacritics) only needs lower case.
  if (ASCII.test(text)) return text.toLowerCase();
  if (text.length > FOLD_MEMO_MAX_LENGTH) return foldSlow(text);
  return remember(foldMemo, text, FOLD_MEMO_SIZE, () => foldSlow(text));
}

const ASCII = /^[\x00-\x7f]*$/;
/** Words and short phrases recur (option labels, keywords, lexicon terms): their folded forms are kept. */
const FOLD_MEMO_MAX_LENGTH = 64;
const FOLD_MEMO_SIZE = 50_000;
const foldMemo = new Map<string, string>();

function foldSlow(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .normalize('NFC');
}

/** Folded text with punctuation turned into spaces: the form every matcher compares. */
export function fold(text: string): string {
  return foldDiacritics(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded syllables (Vietnamese words are written one syllable at a time). */
export function syllables(text: string): string[] {
  const folded = fold(text);
  return folded === '' ? [] : folded.split(' ');
}

/** Whether the text carries any Vietnamese diacritic or đ. */
export function hasDiacritics(text: string): boolean {
  return foldDiacritics(text) !== text.toLowerCase();
}

/**
 * Damerau–Levenshtein distance (optimal string alignment), stopping early once `max` is exceeded.
 * Used to forgive small typos: "kiem tar" ~ "kiem tra".
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prevPrev[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}

/**
 * The text cut to at most `max` UTF-16 units without splitting a character (an emoji is two units:
 * half of one is a lone surrogate that Telegram refuses), with "…" when cut.
 */
export function cutText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ellipsis.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut off
  return text.slice(0, end) + ellipsis;
}

/** The text cut to at most `maxBytes` bytes of UTF-8, at a character boundary (Telegram's callback data). */
export function cutUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}
