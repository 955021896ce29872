/**
 * Words of a message, and phrases (data) matched against them the way the codebase reads
 * Vietnamese: a word typed WITH diacritics must match a phrase word exactly ("bà" is not "ba", "bá"
 * is neither); a word typed WITHOUT diacritics matches any phrase word that folds to it ("ba" may be
 * "ba" or "bà"). Tone placement does not matter ("hoà" = "hòa", "thuỷ" = "thủy").
 *
 * Shared by the slot extractors in this folder; pure functions, no I/O except loading YAML.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { foldDiacritics } from '../../../lib/text.ts';

/** One word or number of a message. */
export interface Token {
  /** As typed (NFC). */
  text: string;
  lower: string;
  /** Lower case, no diacritics, đ→d. */
  folded: string;
  /** Lower case with the tone mark moved to the end, so "hoà" and "hòa" compare equal. */
  key: string;
  /** Typed with diacritics (or đ). */
  marked: boolean;
  kind: 'word' | 'number';
  /** Offsets in the NFC text. */
  start: number;
  end: number;
}

/** The words of a message, with the NFC text the offsets refer to. */
export interface Words {
  text: string;
  tokens: Token[];
  /** Whether the person typed diacritics anywhere in the message. */
  marked: boolean;
}

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/** "Hoà" → "hoa\u0300": lower case, tone mark moved to the end; vowel marks (ơ, â, đ …) kept. */
export function toneKey(word: string): string {
  const decomposed = word.normalize('NFD').toLowerCase();
  const tones = decomposed.match(TONE_MARKS) ?? [];
  return decomposed.replace(TONE_MARKS, '').normalize('NFC') + tones.join('');
}

const TOKEN = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*|\p{N}+/gu;

export function tokenize(input: string): Words {
  const text = input.normalize('NFC');
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const folded = foldDiacritics(lower);
    tokens.push({
      text: raw,
      lower,
      folded,
      key: toneKey(raw),
      marked: folded !== lower,
      kind: /^\p{N}+$/u.test(raw) ? 'number' : 'word',
      start: m.index,
      end: m.index + raw.length,
    });
  }
  return { text, tokens, marked: tokens.some((t) => t.marked) };
}

/** A word of a phrase kept as data, prepared for comparing. */
export interface DataWord {
  key: string;
  folded: string;
}

export function dataWord(word: string): DataWord {
  const nfcWord = word.normalize('NFC');
  return { key: toneKey(nfcWord), folded: foldDiacritics(nfcWord.toLowerCase()) };
}

/** Phrase words as data, cut like a message ("thứ 2" and "t2" are both two words: "t", "2"). */
export function dataPhrase(phrase: string): DataWord[] {
  return [...phrase.normalize('NFC').matchAll(TOKEN)].map((m) => dataWord(m[0]));
}

/** Whether a typed word says a data word (exactly if typed with diacritics, folded if not). */
export function sameWord(token: Token | undefined, word: DataWord): boolean {
  if (!token) return false;
  return token.marked ? token.key === word.key : token.folded === word.folded;
}

/** Whether it is an exact (not merely folded) match. */
export function exactWord(token: Token, word: DataWord): boolean {
  return token.key === word.key;
}

/** The text between two neighbouring tokens. */
export function gapBefore(words: Words, i: number): string {
  const t = words.tokens[i];
  if (!t) return '';
  const prevEnd = i > 0 ? words.tokens[i - 1]!.end : 0;
  return words.text.slice(prevEnd, t.start);
}

export function gapAfter(words: Words, i: number): string {
  const t = words.tokens[i];
  if (!t) return '';
  const next = words.tokens[i + 1];
  return words.text.slice(t.end, next ? next.start : words.text.length);
}

/** Words of one phrase stay together: only spaces or a hyphen between them. */
const JOIN = /^[\s\-]*$/u;

/** Whether `phrase` stands at token `i`; returns the token index after it. */
export function phraseAt(words: Words, i: number, phrase: readonly DataWord[]): number | undefined {
  if (i + phrase.length > words.tokens.length || phrase.length === 0) return undefined;
  for (let k = 0; k < phrase.length; k++) {
    if (!sameWord(words.tokens[i + k], phrase[k]!)) return undefined;
    if (k > 0 && !JOIN.test(gapBefore(words, i + k))) return undefined;
  }
  return i + phrase.length;
}

/** Whether `phrase` ends just before token `end` (exclusive); returns where it starts. */
export function phraseEndingAt(words: Words, end: number, phrase: readonly DataWord[]): number | undefined {
  const start = end - phrase.length;
  if (start < 0) return undefined;
  return phraseAt(words, start, phrase) === end ? start : undefined;
}

/** A list of phrases (data), each with a value. */
export class PhraseList<T> {
  private readonly entries: { words: DataWord[]; value: T; text: string }[];

  constructor(items: Iterable<readonly [phrase: string, value: T]>) {
    this.entries = [...items]
      .map(([text, value]) => ({ words: dataPhrase(text), value, text }))
      .filter((e) => e.words.length > 0)
      .sort((a, b) => b.words.length - a.words.length);
  }

  static of(phrases: readonly string[]): PhraseList<true> {
    return new PhraseList(phrases.map((p) => [p, true] as const));
  }

  /** The longest phrases standing at token `i` (several when they tie), with their end. */
  at(words: Words, i: number): { end: number; matches: { value: T; exact: boolean }[] } | undefined {
    let best: { end: number; matches: { value: T; exact: boolean }[] } | undefined;
    for (const e of this.entries) {
      if (best && e.words.length < best.end - i) break;
      const end = phraseAt(words, i, e.words);
      if (end === undefined) continue;
      const exact = e.words.every((w, k) => exactWord(words.tokens[i + k]!, w));
      if (!best) best = { end, matches: [{ value: e.value, exact }] };
      else best.matches.push({ value: e.value, exact });
    }
    return best;
  }

  /** The longest phrase ending just before token `end`; returns where it starts. */
  endingAt(words: Words, end: number): { start: number; value: T } | undefined {
    for (const e of this.entries) {
      const start = phraseEndingAt(words, end, e.words);
      if (start !== undefined) return { start, value: e.value };
    }
    return undefined;
  }

  /** Leftmost-longest matches over the whole message, not overlapping. */
  findAll(words: Words, from = 0): { start: number; end: number; matches: { value: T; exact: boolean }[] }[] {
    const found: { start: number; end: number; matches: { value: T; exact: boolean }[] }[] = [];
    let i = from;
    while (i < words.tokens.length) {
      const m = this.at(words, i);
      if (m) {
        found.push({ start: i, ...m });
        i = m.end;
      } else i++;
    }
    return found;
  }
}

/**
 * Of several phrases matching the same words, the ones meant: a word typed without diacritics in a
 * message typed with them is taken as written ("bị can" is bị can, not "bị cản"; "ba tôi" is ba, not
 * "bà"), so exact matches win there; in a message without any diacritics all readings stay.
 */
export function preferExact<M extends { exact: boolean }>(words: Words, matches: readonly M[]): M[] {
  const exact = matches.filter((m) => m.exact);
  return words.marked && exact.length > 0 ? exact : [...matches];
}

/** Whether every token outside the given spans belongs to one of `fillers` ("ạ", "nhé" …). */
export function onlyPhrasesAround(words: Words, spans: readonly { start: number; end: number }[], fillers: PhraseList<unknown>): boolean {
  for (let i = 0; i < words.tokens.length; ) {
    const span = spans.find((s) => i >= s.start && i < s.end);
    if (span) {
      i = span.end;
      continue;
    }
    const f = fillers.at(words, i);
    if (!f || spans.some((s) => f.end > s.start && i < s.start)) return false;
    i = f.end;
  }
  return true;
}

/** Loads a YAML data file next to the calling module and validates it. */
export function loadData<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const raw: unknown = parse(readFileSync(url, 'utf8'));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${url.pathname}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** Whether a negation phrase stands just before token `i` (allowing one word between: "không phải là"). */
export function negatedBefore(words: Words, i: number, negations: PhraseList<true>): boolean {
  for (const skip of [0, 1]) {
    const end = i - skip;
    if (end <= 0) continue;
    if (skip === 1 && /[,.;!?]/u.test(gapBefore(words, i))) continue;
    if (negations.endingAt(words, end)) return true;
  }
  return false;
}

/** "2026-11-21" → its year, checking the form. */
export function yearOf(today: string): number {
  const m = /^(\d{4})-\d{2}-\d{2}$/u.exec(today);
  if (!m) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
  return Number(m[1]);
}
