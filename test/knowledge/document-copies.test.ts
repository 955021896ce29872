import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { KnowledgeBase } from '../../knowledge/answer.ts';
import { canonicalDocument } from '../../knowledge/document-status.ts';
import { isHit } from '../../knowledge/eval.ts';
import { tempDir } from '../helpers.ts';

const corpus = join(loadConfig({}).sharedDir, 'corpus');
const FAMILY = join(corpus, 'law', 'phapdien-8.4-hon-nhan-va-gia-dinh.json');
const ALQAC = join(corpus, 'laws-other', 'alqac-2023-articles.json');

describe('a text the corpus holds twice (document-status.yaml same_as)', () => {
  it('goes by one name: the ALQAC copy of the family law is 52/2014/QH13, and either counts as the gold article', () => {
    expect(canonicalDocument('Luật Hôn nhân và gia đình')).toBe('52/2014/QH13');
    expect(canonicalDocument('52/2014/QH13')).toBe('52/2014/QH13');
    const citation = { document: '52/2014/QH13', article: '82', title: '', excerpt: '', score: 1, source: '' };
    expect(isHit(citation, { id: 'x', question: 'q', gold: [{ document: 'Luật Hôn nhân và gia đình', article: '82' }] })).toBe(true);
    expect(isHit(citation, { id: 'x', question: 'q', gold: [{ document: 'Luật Hôn nhân và gia đình', article: '83' }] })).toBe(false);
  });

  it.runIf(existsSync(FAMILY) && existsSync(ALQAC))('is cited once for a question on child support, not once per copy', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'law'));
    mkdirSync(join(dir, 'laws-other'));
    copyFileSync(FAMILY, join(dir, 'law', 'phapdien-8.4-hon-nhan-va-gia-dinh.json'));
    copyFileSync(ALQAC, join(dir, 'laws-other', 'alqac-2023-articles.json'));
    const db = await SqliteDatabase.open(join(dir, 'kb.sqlite'));
    try {
      const kb = new KnowledgeBase(db);
      await kb.init();
      await kb.ingest([dir]);
      const result = await kb.ask('nghĩa vụ cấp dưỡng của cha mẹ đối với con sau khi ly hôn', { today: '2026-11-23', hotline: '1800.1233' });
      const articles = result.citations.map((c) => `${canonicalDocument(c.document)} ${c.article}`);
      expect(articles.length).toBeGreaterThan(0);
      expect(new Set(articles).size).toBe(articles.length);
    } finally {
      await db.close();
    }
  });
});
