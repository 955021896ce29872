/**
 * A person's name in what they type: "tên tôi là Lò Văn Páo", "tôi tên Nguyễn Thị Hoa",
 * "họ tên: Trần Văn A", "mẹ tôi tên là Lê Thị B", "tôi là Nguyễn Văn An", or a name typed alone
 * ("Lò Văn Páo", "nguyen van an" → "Nguyen Van An": a name typed all in lower or upper case is
 * given capitals). Not names: "không biết", "cho mẹ tôi", "alo", "có", numbers. Words are data
 * (name.yaml).
 *
 * A name typed in lower case is taken alone only when its first word is a known family name
 * ("nguyen …"), or after words saying a name follows ("tên tôi là hoa"); it ends at a word such as
 * "năm nay", "ở", "sđt" (stop phrases) or punctuation. A name written with capitals ends at the first
 * word without one.
 */
import { z } from 'zod';
import { PhraseList, type Token, type Words, gapBefore, loadData, tokenize } from './words.ts';

const list = z.array(z.string().min(1)).min(1);
const data = loadData(
  new URL('./name.yaml', import.meta.url),
  z.object({
    anchors: list,
    afterAnchor: list,
    saysNameFollows: list,
    weakAnchors: list,
    stopPhrases: list,
    stopWordsExact: list,
    notNamePhrases: list,
    notNameWordsExact: list,
    familyNames: list,
  }),
);

const ANCHORS = PhraseList.of(data.anchors);
const AFTER_ANCHOR = new PhraseList(data.afterAnchor.map((p) => [p, data.saysNameFollows.includes(p)] as const));
const WEAK_ANCHORS = PhraseList.of(data.weakAnchors);
const STOP = PhraseList.of(data.stopPhrases);
const STOP_EXACT = PhraseList.of(data.stopWordsExact);
const NOT_NAME = PhraseList.of(data.notNamePhrases);
const NOT_NAME_EXACT = PhraseList.of(data.notNameWordsExact);

/** A phrase of `list` written exactly so (with the same diacritics) at token `i`. */
function exactAt(list: PhraseList<true>, words: Words, i: number): { end: number } | undefined {
  const m = list.at(words, i);
  return m && m.matches.some((x) => x.exact) ? m : undefined;
}
const FAMILY_NAMES = PhraseList.of(data.familyNames);

const MAX_WORDS = 6;
const MAX_LOWER_CASE_WORDS = 4;
/** One Vietnamese syllable, folded: initial consonant(s), vowels, final consonant(s). */
const SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/u;

const capitalised = (t: Token): boolean => /^\p{Lu}/u.test(t.text);
const allUpper = (t: Token): boolean => t.text.length > 1 && t.text === t.text.toUpperCase();
const allLower = (t: Token): boolean => t.text === t.text.toLowerCase();

function titleCase(t: Token): string {
  if (!allLower(t) && !allUpper(t)) return t.text;
  return t.lower.replace(/(^|['’])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toUpperCase());
}

interface ReadOptions {
  /** The name must be written with capitals ("tôi là Nguyễn Văn An"). */
  capitalsRequired: boolean;
  /** Words before said a name follows ("tên tôi là"): a lower-case name need not start with a family name. */
  saysName: boolean;
  minWords: number;
  /** The name must run to the end of the message (a name typed alone). */
  whole: boolean;
}

/** The name starting at token `j`, or undefined. */
function readName(words: Words, j: number, options: ReadOptions): string | undefined {
  const ts = words.tokens;
  const first = ts[j];
  if (!first || first.kind !== 'word') return undefined;
  const familyName = FAMILY_NAMES.at(words, j) !== undefined;
  const second = ts[j + 1];
  // Capitals mode: "Lò Văn Páo", "NGUYỄN VĂN AN"; but "Nguyễn văn an" (a phone's sentence case) is
  // read as lower case when it starts with a family name.
  const capitals = capitalised(first) && !(familyName && second && second.kind === 'word' && allLower(second) && !options.capitalsRequired);
  if (options.capitalsRequired && !capitals) return undefined;
  const limit = capitals ? MAX_WORDS : MAX_LOWER_CASE_WORDS;
  let end = j;
  while (end < ts.length && end - j < limit) {
    const t = ts[end]!;
    if (t.kind !== 'word') break;
    if (end > j && !/^\s+$/u.test(gapBefore(words, end))) break;
    if (capitals ? !capitalised(t) : end > j && (STOP.at(words, end) || exactAt(STOP_EXACT, words, end))) break;
    end++;
  }
  if (end - j < options.minWords) return undefined;
  if (options.whole && (end < ts.length || /[\p{L}\p{N}]/u.test(words.text.slice(ts[end - 1]!.end)))) return undefined;
  const name = ts.slice(j, end);
  for (let k = j; k < end; k++) {
    const not = NOT_NAME.at(words, k) ?? exactAt(NOT_NAME_EXACT, words, k);
    if (not && not.end <= end) return undefined;
  }
  if (name.some((t) => t.text.replace(/['’]/gu, '').length > 8)) return undefined;
  const lowerCase = !capitals || name.every(allUpper);
  if (lowerCase) {
    if (!familyName && !options.saysName) return undefined;
    if (!name.every((t) => SYLLABLE.test(t.folded))) return undefined;
  }
  return name.map(titleCase).join(' ');
}

/** The name the text gives, or undefined. */
export function findName(text: string): string | undefined {
  const words = tokenize(text);
  const ts = words.tokens;
  for (let i = 0; i < ts.length; i++) {
    const anchor = ANCHORS.at(words, i);
    if (anchor) {
      let j = anchor.end;
      let saysName = false;
      for (let skipped = 0; skipped < 4; skipped++) {
        const filler = AFTER_ANCHOR.at(words, j);
        if (!filler) break;
        saysName ||= filler.matches.some((m) => m.value);
        j = filler.end;
      }
      // "họ tên: Trần Văn A".
      saysName ||= /:\s*$/u.test(gapBefore(words, j));
      const name = readName(words, j, { capitalsRequired: false, saysName, minWords: 1, whole: false });
      if (name) return name;
    }
    const weak = WEAK_ANCHORS.at(words, i);
    if (weak) {
      const name = readName(words, weak.end, { capitalsRequired: true, saysName: true, minWords: 2, whole: false });
      if (name) return name;
    }
  }
  return readName(words, 0, { capitalsRequired: false, saysName: false, minWords: 2, whole: true });
}
