/**
 * Picks eligibility facts out of what people type ("nhà tôi hộ nghèo", "bà tôi 75 tuổi",
 * "toi la nguoi dan toc Mong"), by phrases kept as data (fact-phrases.yaml) and a few number
 * patterns; no language model. Works with or without diacritics.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from '../../lib/text.ts';
import { FACT_NAMES, type Facts } from './facts.ts';

const phraseFileSchema = z.object({
  negations: z.array(z.string()),
  facts: z.array(
    z.object({
      fact: z.enum(FACT_NAMES),
      value: z.union([z.boolean(), z.string()]),
      phrases: z.array(z.string()).min(1),
    }),
  ),
  ethnicGroups: z.array(z.string()),
  onlyAfterDanToc: z.array(z.string()),
});

interface Pattern {
  words: string[];
  fact: (typeof FACT_NAMES)[number];
  value: boolean | string;
}

function loadPatterns(): { patterns: Pattern[]; negations: string[][] } {
  const data = phraseFileSchema.parse(parse(readFileSync(new URL('./fact-phrases.yaml', import.meta.url), 'utf8')));
  const patterns: Pattern[] = data.facts.flatMap((f) =>
    f.phrases.map((p) => ({ words: fold(p).split(' '), fact: f.fact, value: f.value })),
  );
  const danTocOnly = new Set(data.onlyAfterDanToc.map(fold));
  for (const name of data.ethnicGroups.map(fold)) {
    patterns.push({ words: `dan toc ${name}`.split(' '), fact: 'ethnicMinority', value: true });
    if (!danTocOnly.has(name)) patterns.push({ words: `nguoi ${name}`.split(' '), fact: 'ethnicMinority', value: true });
  }
  // Longest first, so "ho can ngheo" is read before "ho ngheo" could be.
  patterns.sort((a, b) => b.words.length - a.words.length);
  return { patterns, negations: data.negations.map((n) => fold(n).split(' ')).sort((a, b) => b.length - a.length) };
}

const { patterns, negations } = loadPatterns();

function endsWith(words: string[], end: number, tail: string[]): boolean {
  if (end - tail.length < 0) return false;
  return tail.every((w, i) => words[end - tail.length + i] === w);
}

/** Whether a negation stands right before position `start` (allowing one filler word: "không phải là", "chưa từng"). */
function negatedAt(words: string[], start: number): boolean {
  for (const skip of [0, 1]) {
    if (negations.some((n) => endsWith(words, start - skip, n))) return true;
  }
  return false;
}

/** The age stated in the text: "75 tuổi", "sinh năm 1950", "năm sinh 1950". */
export function extractAge(folded: string, currentYear: number): number | undefined {
  const years = /(\d{1,3})\s*(?:tuoi|t)\b/u.exec(folded);
  if (years) {
    const age = Number(years[1]);
    if (age <= 130) return age;
  }
  const born = /(?:sinh nam|nam sinh|sinh|sn)\s*(\d{4})\b/u.exec(folded);
  if (born) {
    const year = Number(born[1]);
    if (year > currentYear - 131 && year <= currentYear) return currentYear - year;
  }
  return undefined;
}

/** The facts a message states. Facts it does not mention are left out (unknown). */
export function extractFacts(text: string, currentYear: number): Facts {
  const folded = fold(text);
  const words = folded === '' ? [] : folded.split(' ');
  const used = new Array<boolean>(words.length).fill(false);
  const facts: Record<string, unknown> = {};
  for (const pattern of patterns) {
    const n = pattern.words.length;
    for (let i = 0; i + n <= words.length; i++) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      if (!pattern.words.every((w, k) => words[i + k] === w)) continue;
      for (let k = i; k < i + n; k++) used[k] = true;
      if (pattern.fact in facts) continue;
      const negated = negatedAt(words, i);
      if (typeof pattern.value === 'boolean') facts[pattern.fact] = negated ? !pattern.value : pattern.value;
      else if (pattern.fact === 'household') facts.household = negated ? 'none' : pattern.value;
      else if (!negated) facts[pattern.fact] = pattern.value;
    }
  }
  const age = extractAge(folded, currentYear);
  if (age !== undefined) facts.age = age;
  return facts as Facts;
}
