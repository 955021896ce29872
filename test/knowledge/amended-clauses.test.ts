import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { KnowledgeBase } from '../../knowledge/answer.ts';
import { tempDir } from '../helpers.ts';

const LEGAL_AID = join(loadConfig({}).sharedDir, 'corpus', 'law', 'phapdien-4.5-tro-giup-phap-ly.json');

describe.runIf(existsSync(LEGAL_AID))('a clause no longer in force is never the basis given first (legal-aid topic of the shared corpus)', () => {
  it('TT 08 Điều 33 khoản 11 (16–18-year-old victim with financial difficulty, repealed from 2026-01-01) does not lead', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    copyFileSync(LEGAL_AID, join(dir, 'corpus', 'phapdien-4.5-tro-giup-phap-ly.json'));
    const db = await SqliteDatabase.open(join(dir, 'kb.sqlite'));
    try {
      const kb = new KnowledgeBase(db);
      await kb.init();
      await kb.ingest([join(dir, 'corpus')]);
      const question = 'bị hại từ đủ 16 đến dưới 18 tuổi có khó khăn về tài chính cần giấy tờ gì để chứng minh';
      const led = (today: string) => kb.ask(question, { today, hotline: '1800.1233' }).then((r) => r.citations[0]!);
      const now = await led('2026-11-23');
      expect(now.document === '08/2017/TT-BTP' && now.article === '33' && now.excerpt.startsWith('11.')).toBe(false);
      // Before the repeal the same clause may lead: the rule was in force then.
      const before = await led('2025-03-01');
      expect(before.document === '08/2017/TT-BTP' && before.article === '33' && before.excerpt.startsWith('11.')).toBe(true);
    } finally {
      await db.close();
    }
  });
});
