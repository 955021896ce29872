/**
 * How well old addresses are read: N old communes drawn from the old→new mapping with a fixed seed,
 * each written as "xã A, huyện B, tỉnh C" in several ways (with diacritics, without, without commas,
 * shortened, bare names), resolved, and compared with the new commune(s) the mapping gives.
 */
import { fold, foldDiacritics } from '../../lib/text.ts';
import type { AddressResolver } from './address-resolver.ts';
import { loadAddressWords, type AddressWords } from './address-words.ts';
import type { AdminUnits, OldCommune } from './admin-units.ts';

/** The ways an old address is written for the measurement. */
export const VARIANTS = [
  { id: 'diacritics', label: 'có dấu' },
  { id: 'plain', label: 'không dấu' },
  { id: 'plain_no_commas', label: 'không dấu, không dấu phẩy' },
  { id: 'short_plain', label: 'viết tắt (x., h., tp…), không dấu' },
  { id: 'bare_plain', label: 'bỏ chữ xã/huyện/tỉnh, không dấu, không phẩy' },
] as const;

export type VariantId = (typeof VARIANTS)[number]['id'];

/** For one way of writing: how many came back right, as a choice list with the right one, wrong, or not found. */
export interface VariantScore {
  variant: VariantId;
  label: string;
  total: number;
  /** The right new commune (for a split old commune: exactly its new communes offered as the choice). */
  correct: number;
  /** A choice list that contains the right new commune(s), but more than those. */
  choiceWithRight: number;
  wrong: number;
  notFound: number;
  /** A few addresses that did not come back right, for looking into. */
  misses: Array<{ address: string; expected: string[]; got: string[] }>;
}

export interface Measurement {
  n: number;
  seed: number;
  /** How many of the sampled old communes were split across several new ones. */
  split: number;
  scores: VariantScore[];
}

/** A small seeded generator (mulberry32): the same seed gives the same sample on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` distinct old communes (those the mapping covers), in code order before drawing. */
export function sampleOldCommunes(units: AdminUnits, n: number, seed: number): OldCommune[] {
  const pool = units.oldCommunes.filter((c) => c.newCodes.length > 0).sort((a, b) => a.code.localeCompare(b.code));
  const random = seededRandom(seed);
  const count = Math.min(n, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/** "Xã Thái Bảo" → ["xã", "Thái Bảo"], with the kinds of address-words.yaml. */
function splitKind(words: AddressWords, name: string): [string, string] {
  const kinds = words.unit_types.map((t) => t.name).sort((a, b) => b.length - a.length);
  const kind = kinds.find((k) => name.toLowerCase().startsWith(`${k} `));
  return kind ? [kind, name.slice(kind.length + 1)] : ['', name];
}

/** The first short form of a kind ("huyện" → "h."); the province word is left out, as people do. */
function shortKind(words: AddressWords, kind: string, level: number): string {
  if (level === 2 && kind !== 'thành phố') return '';
  const short = words.unit_types.find((t) => t.name === kind)?.short[0];
  return short ? `${short}.` : kind;
}

/** The address of an old commune written one way. */
export function writeOldAddress(units: AdminUnits, c: OldCommune, variant: VariantId, words: AddressWords = loadAddressWords()): string {
  const parts = [c.name, c.district, units.oldProvinces.get(c.oldProvince)?.name ?? ''].map((name) => splitKind(words, name.normalize('NFC')));
  const full = parts.map(([kind, name]) => `${kind} ${name}`.trim()).join(', ');
  switch (variant) {
    case 'diacritics':
      return full;
    case 'plain':
      return foldDiacritics(full);
    case 'plain_no_commas':
      return fold(full);
    case 'short_plain':
      return foldDiacritics(parts.map(([kind, name], level) => `${shortKind(words, kind, level)} ${name}`.trim()).join(', '));
    case 'bare_plain':
      return fold(parts.map(([, name]) => name).join(' '));
  }
}

/** Resolves each sampled old address in every way of writing and scores the answers. */
export function measureOldAddresses(resolver: AddressResolver, units: AdminUnits, n: number, seed: number, keepMisses = 5): Measurement {
  const sample = sampleOldCommunes(units, n, seed);
  const words = loadAddressWords();
  const scores: VariantScore[] = VARIANTS.map((v) => ({ variant: v.id, label: v.label, total: 0, correct: 0, choiceWithRight: 0, wrong: 0, notFound: 0, misses: [] }));
  for (const c of sample) {
    const expected = [...new Set(c.newCodes)];
    for (const score of scores) {
      const address = writeOldAddress(units, c, score.variant, words);
      const r = resolver.resolve(address);
      const got = r.commune ? [r.commune.code] : r.candidates.map((x) => x.code);
      const hasAll = expected.every((e) => got.includes(e));
      score.total += 1;
      if (got.length === 0) score.notFound += 1;
      else if (hasAll && got.length === expected.length && (r.commune !== null) === (expected.length === 1)) score.correct += 1;
      else if (hasAll && r.commune === null) score.choiceWithRight += 1;
      else score.wrong += 1;
      if (!(hasAll && got.length === expected.length) && score.misses.length < keepMisses) score.misses.push({ address, expected, got: got.slice(0, 9) });
    }
  }
  return { n: sample.length, seed, split: sample.filter((c) => new Set(c.newCodes).size > 1).length, scores };
}
