/**
 * A phone number inside a sentence: "số con trai tôi 098.765.4321", "goi cho con trai ba so
 * 098 765 4321", "+84 987 654 321", "0987-654-321", "sđt: 0912345678", "(028) 3822 1234".
 * Runs of digits are cut at their spaces and every stretch of whole groups is tried, so a year or
 * a count next to the number does not spoil it; what makes a number a phone is `normalize`
 * (intake/request/phone.ts `normalizePhone`, passed in to keep the modules apart). Words that make
 * a number something else (an account, an ID card, a file number) are data (phone.yaml).
 * Use `findPhone` from intake/request/phone.ts.
 */
import { z } from 'zod';
import { PhraseList, loadData, tokenize } from './words.ts';

const data = loadData(
  new URL('./phone.yaml', import.meta.url),
  z.object({ notPhoneBefore: z.array(z.string().min(1)).min(1) }),
);
const NOT_PHONE_BEFORE = PhraseList.of(data.notPhoneBefore);

/** Digits with the separators people put in phone numbers; "+" and "(" may open it. */
const RUN = /\+?\(?\d[\d\s.\-()]*\d\)?/gu;

interface Group {
  start: number;
  end: number;
  /** The separator before this group (within the run). */
  joiner: string;
}

export function findPhoneInText(input: string, normalize: (text: string) => string | undefined): string | undefined {
  const text = input.normalize('NFC');
  const words = tokenize(text);
  for (const run of text.matchAll(RUN)) {
    const runStart = run.index;
    const before = text.slice(0, runStart);
    // Part of a code: "TG-2026-000012", "A12 345 678", "#123…".
    if (/[\p{L}\p{N}][-_/#]?$/u.test(before) || /[#№]\s*$/u.test(before)) continue;
    const groups: Group[] = [];
    for (const g of run[0].matchAll(/\d+/gu)) {
      const start = runStart + g.index;
      const prevEnd = groups.at(-1)?.end ?? start;
      groups.push({ start, end: start + g[0].length, joiner: text.slice(prevEnd, start) });
    }
    const afterRun = text.slice(runStart + run[0].length);
    for (let a = 0; a < groups.length; a++) {
      // A number starts at the run or after a space, not after "." or "-" inside another number.
      if (a > 0 && !/^\s+$/u.test(groups[a]!.joiner)) continue;
      if (a === 0 ? notPhoneContext(words, runStart) : notPhoneContext(words, groups[a]!.start)) continue;
      for (let b = groups.length - 1; b >= a; b--) {
        const next = groups[b + 1];
        if (next && !/^\s+$/u.test(next.joiner)) continue;
        if (!next && /^[\p{L}\p{N}]/u.test(afterRun)) continue; // "0987654321abc"
        const from = a === 0 ? runStart : groups[a]!.start;
        const phone = normalize(text.slice(from, groups[b]!.end));
        if (phone) return phone;
      }
    }
  }
  return undefined;
}

/** Whether the words before `offset` make the number an account, an ID or a file number. */
function notPhoneContext(words: ReturnType<typeof tokenize>, offset: number): boolean {
  const i = words.tokens.findIndex((t) => t.start >= offset);
  if (i <= 0) return false;
  return NOT_PHONE_BEFORE.endingAt(words, i) !== undefined;
}
