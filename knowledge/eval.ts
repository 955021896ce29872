/**
 * Retrieval quality on a question set in the format of ../shared/eval/dev-questions.jsonl:
 * Hit@1, Hit@5 and MRR@5 per group of questions, and again with every question's diacritics removed.
 */
import { canonicalDocument } from './document-status.ts';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fold } from '../lib/text.ts';
import type { Citation } from './answer.ts';

export const evalRecordSchema = z.object({
  id: z.string(),
  question: z.string(),
  gold: z.array(z.object({ document: z.string(), article: z.union([z.string(), z.number()]).transform(String) })).optional(),
  plan: z.string().optional(),
  expect: z.array(z.string()).optional(),
  style: z.string().optional(),
  topic: z.string().optional(),
});
export type EvalRecord = z.infer<typeof evalRecordSchema>;

export function parseEvalFile(text: string, name: string): EvalRecord[] {
  return text
    .split('\n')
    .map((l, i) => [l.trim(), i] as const)
    .filter(([l]) => l !== '')
    .map(([l, i]) => {
      const parsed = evalRecordSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${name}: line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** Whether a citation answers the record (gold article, or the plan's passage holding the phrase). */
export function isHit(citation: Citation, record: EvalRecord): boolean {
  if (record.gold) {
    // Either copy of a text the corpus holds twice (document-status.yaml `same_as`) is the same article.
    return record.gold.some((g) => canonicalDocument(g.document.normalize('NFC')) === canonicalDocument(citation.document) && g.article === citation.article);
  }
  if (record.plan) {
    const file = citation.source.split('/').pop() ?? '';
    if (!file.startsWith(record.plan)) return false;
    const excerpt = fold(citation.excerpt);
    return (record.expect ?? []).every((phrase) => excerpt.includes(fold(phrase)));
  }
  return false;
}

/** The group a question belongs to: "dev-law", "dev-plan", "alqac", "col". */
export function groupOf(id: string): string {
  if (id.startsWith('alqac')) return 'alqac';
  return id.replace(/-\d+$/u, '');
}

/** Which topics are held out of tuning (knowledge/eval/holdout.yaml). */
export interface Holdout {
  heldTopics: string[];
}

/**
 * Every row a record counts in: its id group and "all"; for records with a style or topic, also
 * "style:…", "topic:…" and "part:held" / "part:tune" by the holdout.
 */
export function groupsOf(record: EvalRecord, holdout?: Holdout): string[] {
  const out = [groupOf(record.id), 'all'];
  if (record.style) out.push(`style:${record.style}`);
  if (record.topic) {
    out.push(`topic:${record.topic}`);
    if (holdout) out.push(holdout.heldTopics.includes(record.topic) ? 'part:held' : 'part:tune');
  }
  return out;
}

export interface Metrics {
  n: number;
  hit1: number;
  hit5: number;
  mrr5: number;
}

export interface EvalRow {
  group: string;
  variant: 'original' | 'no_diacritics';
  metrics: Metrics;
}

/** Rank (1-based) of the first hit among the first five citations, or 0. */
export function firstHitRank(citations: Citation[], record: EvalRecord): number {
  const i = citations.slice(0, 5).findIndex((c) => isHit(c, record));
  return i === -1 ? 0 : i + 1;
}

export function summarise(ranks: number[]): Metrics {
  const n = ranks.length;
  if (n === 0) return { n, hit1: 0, hit5: 0, mrr5: 0 };
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n,
    hit1: round(ranks.filter((r) => r === 1).length / n),
    hit5: round(ranks.filter((r) => r > 0).length / n),
    mrr5: round(ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n),
  };
}

/** Runs `ask` over the records, as written and without diacritics; one row per group and variant. */
export async function evaluate(
  records: EvalRecord[],
  ask: (question: string) => Promise<Citation[]>,
  holdout?: Holdout,
): Promise<{ rows: EvalRow[]; misses: Array<{ id: string; variant: string }> }> {
  const ranks = new Map<string, number[]>();
  const misses: Array<{ id: string; variant: string }> = [];
  for (const variant of ['original', 'no_diacritics'] as const) {
    for (const record of records) {
      const question = variant === 'original' ? record.question : stripDiacritics(record.question);
      const rank = firstHitRank(await ask(question), record);
      if (rank === 0) misses.push({ id: record.id, variant });
      for (const group of groupsOf(record, holdout)) {
        const key = `${group}\u0000${variant}`;
        ranks.set(key, [...(ranks.get(key) ?? []), rank]);
      }
    }
  }
  const rows = [...ranks.entries()].map(([key, r]) => {
    const [group, variant] = key.split('\u0000') as [string, EvalRow['variant']];
    return { group, variant, metrics: summarise(r) };
  });
  return { rows, misses };
}

/** "Trợ giúp viên" → "Tro giup vien": diacritics and đ removed, case kept. */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D').normalize('NFC');
}

export function evalTable(rows: EvalRow[]): string {
  const header = '| questions | n | Hit@1 | Hit@5 | MRR@5 | Hit@1 (no diacritics) | Hit@5 (no diacritics) | MRR@5 (no diacritics) |';
  const lines = [header, '|---|---|---|---|---|---|---|---|'];
  // Plain groups first, then part:, style:, topic: rows, "all" last.
  const rank = (g: string) => (g === 'all' ? 9 : g.startsWith('part:') ? 1 : g.startsWith('style:') ? 2 : g.startsWith('topic:') ? 3 : 0);
  const groups = [...new Set(rows.map((r) => r.group))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const g of groups) {
    const o = rows.find((r) => r.group === g && r.variant === 'original')!.metrics;
    const d = rows.find((r) => r.group === g && r.variant === 'no_diacritics')!.metrics;
    lines.push(`| ${g} | ${o.n} | ${o.hit1.toFixed(3)} | ${o.hit5.toFixed(3)} | ${o.mrr5.toFixed(3)} | ${d.hit1.toFixed(3)} | ${d.hit5.toFixed(3)} | ${d.mrr5.toFixed(3)} |`);
  }
  return lines.join('\n');
}

const holdoutSchema = z.object({ held_topics: z.array(z.string()) });

/** The held-out topics of knowledge/eval/holdout.yaml. */
export function loadHoldout(): Holdout {
  const raw = holdoutSchema.parse(parse(readFileSync(new URL('./eval/holdout.yaml', import.meta.url), 'utf8')));
  return { heldTopics: raw.held_topics };
}
