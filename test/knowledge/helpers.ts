/** Knowledge-base test setup: a copy of the fixture corpus in a temporary folder, indexed into a real SQLite file. */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { KnowledgeBase } from '../../knowledge/answer.ts';
import { tempDir } from '../helpers.ts';

export const FIXTURE = join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge');

export async function fixtureKnowledge(): Promise<{ kb: KnowledgeBase; db: SqliteDatabase; corpus: string }> {
  const dir = tempDir();
  const corpus = join(dir, 'corpus');
  cpSync(FIXTURE, corpus, { recursive: true });
  const db = await SqliteDatabase.open(join(dir, 'kb.sqlite'));
  const kb = new KnowledgeBase(db);
  await kb.init();
  await kb.ingest([corpus]);
  return { kb, db, corpus };
}

export const ASK = { today: '2026-11-21', hotline: '1800.1233' };
