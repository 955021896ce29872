import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { KnowledgeBase } from '../../knowledge/answer.ts';
import { evaluate, firstHitRank, groupOf, isHit, parseEvalFile, stripDiacritics, summarise } from '../../knowledge/eval.ts';
import { tempDir } from '../helpers.ts';

const cite = (document: string, article: string, excerpt = '', source = 'law/x.json') => ({ document, article, title: '', excerpt, score: 1, source });

describe('eval metrics', () => {
  it('counts a gold article among the first five, by rank', () => {
    const record = { id: 'dev-law-1', question: 'q', gold: [{ document: '11/2017/QH14', article: '19' }] };
    expect(firstHitRank([cite('x', '1'), cite('11/2017/QH14', '19')], record)).toBe(2);
    expect(firstHitRank([cite('11/2017/QH14', '9')], record)).toBe(0);
    expect(summarise([1, 2, 0, 0])).toEqual({ n: 4, hit1: 0.25, hit5: 0.5, mrr5: 0.375 });
  });

  it('counts a plan passage when it is from the plan and holds the phrase without diacritics', () => {
    const record = { id: 'dev-plan-4', question: 'q', plan: 'ca-mau', expect: ['60 den 80 nghin'] };
    expect(isHit(cite('687/QĐ-UBND', 'B.I.2', 'từ 60 đến 80 nghìn tờ', 'plans/ca-mau-687.txt'), record)).toBe(true);
    expect(isHit(cite('687/QĐ-UBND', 'B.I.2', 'từ 60 đến 80 nghìn tờ', 'plans/bac-kan.txt'), record)).toBe(false);
    expect(isHit(cite('687/QĐ-UBND', 'B.I.2', 'không có', 'plans/ca-mau-687.txt'), record)).toBe(false);
  });

  it('groups questions and strips diacritics keeping case', () => {
    expect(groupOf('dev-law-12')).toBe('dev-law');
    expect(groupOf('alqac23-train-DS-3')).toBe('alqac');
    expect(stripDiacritics('Trợ giúp viên ĐÂU')).toBe('Tro giup vien DAU');
  });
});

const config = loadConfig({});
const devSet = join(config.sharedDir, 'eval', 'dev-questions.jsonl');

describe.runIf(existsSync(devSet))('the dev set over the shared corpus', () => {
  it('reaches Hit@5 ≥ 0.9 on the legal-aid questions, with and without diacritics', async () => {
    const db = await SqliteDatabase.open(join(tempDir(), 'kb.sqlite'));
    const kb = new KnowledgeBase(db);
    await kb.init();
    await kb.ingest(config.knowledgeDirs);
    const records = parseEvalFile(readFileSync(devSet, 'utf8'), devSet).filter((r) => r.id.startsWith('dev-'));
    const { rows } = await evaluate(records, async (q) => (await kb.ask(q, { today: '2026-11-21', hotline: '' })).citations);
    for (const variant of ['original', 'no_diacritics']) {
      const all = rows.find((r) => r.group === 'all' && r.variant === variant)!;
      expect(all.metrics.hit5).toBeGreaterThanOrEqual(0.9);
    }
    await db.close();
  });
});
