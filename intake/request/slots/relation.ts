/**
 * Who a request is for, from the answer to "Bạn gửi yêu cầu cho ai?" or a sentence:
 * "cho tôi", "chính tôi", "em", "bản thân" → self; "cho mẹ tôi", "me toi", "bố tôi", "cho bà",
 * "ông nội", "con trai tôi", "ck", "em gái", "hàng xóm", "một người quen", "nguoi than" → other,
 * with the relation (relation.yaml). A relation named anywhere wins over "tôi" ("tôi muốn hỏi cho
 * mẹ tôi" is for the mother). "ba" typed in a message without any diacritics may be bố (Southern
 * "ba") or bà: the answer is then "other" with no relation and the label "người thân"; in a message
 * typed with diacritics "ba" is bố and "bà" is bà.
 */
import { z } from 'zod';
import { PhraseList, type Words, loadData, negatedBefore, onlyPhrasesAround, preferExact, tokenize } from './words.ts';

export interface Requester {
  forWhom: 'self' | 'other';
  /** The relation's id in relation.yaml ("mother", "paternal_grandfather" …); none when unclear. */
  relation?: string;
  /** How to name the person helped ("mẹ", "ông nội", "người thân" when unclear). */
  label?: string;
}

const list = z.array(z.string().min(1));
const schema = z.object({
  relations: z
    .array(z.object({ id: z.string().regex(/^[a-z_]+$/u), label: z.string().min(1), words: list.optional(), phrases: list.optional() }))
    .min(1)
    .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, 'relation ids must be unique'),
  self: z.object({ phrases: list.min(1), words: list }),
  markers: list.min(1),
  possessives: list.min(1),
  fillers: list.min(1),
  negations: list.min(1),
  notPeople: list,
});

const data = loadData(new URL('./relation.yaml', import.meta.url), schema);

/** Label when the relation is unclear ("ba" without diacritics: bố or bà). */
const UNCLEAR_LABEL = data.relations.find((r) => r.id === 'relative')?.label ?? 'người thân';

type Entry =
  | { kind: 'relation'; index: number; word: boolean }
  | { kind: 'self'; word: boolean }
  | { kind: 'none' };

const ENTRIES = new PhraseList<Entry>([
  ...data.relations.flatMap((r, index) => [
    ...(r.words ?? []).map((p) => [p, { kind: 'relation', index, word: true }] as const),
    ...(r.phrases ?? []).map((p) => [p, { kind: 'relation', index, word: false }] as const),
  ]),
  ...data.self.phrases.map((p) => [p, { kind: 'self', word: false }] as const),
  ...data.self.words.map((p) => [p, { kind: 'self', word: true }] as const),
  ...data.notPeople.map((p) => [p, { kind: 'none' }] as const),
]);
const MARKERS = PhraseList.of(data.markers);
const POSSESSIVES = PhraseList.of(data.possessives);
const NEGATIONS = PhraseList.of(data.negations);
const FILLERS = PhraseList.of([...data.fillers, ...data.markers, ...data.possessives]);

/** A short word counts only as the whole answer, after a marker or before a possessive. */
function inContext(words: Words, start: number, end: number): boolean {
  if (MARKERS.endingAt(words, start)) return true;
  if (POSSESSIVES.at(words, end)) return true;
  return onlyPhrasesAround(words, [{ start, end }], FILLERS);
}

/** Who the text says the request is for, or undefined when it does not say. */
export function findRequester(text: string): Requester | undefined {
  const words = tokenize(text);
  let self = false;
  for (const found of ENTRIES.findAll(words)) {
    const candidates = found.matches.filter((m) => m.value.kind !== 'none');
    if (candidates.length === 0) continue;
    if (negatedBefore(words, found.start, NEGATIONS)) continue;
    const usable = candidates.filter((m) => !('word' in m.value) || !m.value.word || inContext(words, found.start, found.end));
    let relations = usable.filter((m) => m.value.kind === 'relation');
    // "ban than" is "bản thân" (self) or "bạn thân" (a close friend): self, unless "của tôi"/"tôi" follows.
    const selfToo = usable.some((m) => m.value.kind === 'self');
    if (selfToo && relations.length > 0 && !relations.some((m) => m.exact) && !POSSESSIVES.at(words, found.end)) relations = [];
    if (relations.length > 0) {
      // "ba" typed plainly matches "ba" (bố) exactly and "bà" by folding: in a message typed with
      // diacritics the exact reading is meant; in one without, it is unclear.
      const chosen = preferExact(words, relations);
      const ids = new Set(chosen.map((m) => (m.value.kind === 'relation' ? m.value.index : -1)));
      if (ids.size > 1) return { forWhom: 'other', label: UNCLEAR_LABEL };
      const relation = data.relations[[...ids][0]!]!;
      return { forWhom: 'other', relation: relation.id, label: relation.label };
    }
    if (usable.some((m) => m.value.kind === 'self')) self = true;
  }
  return self ? { forWhom: 'self' } : undefined;
}
