/**
 * Opens the knowledge base on the app's database and, when allowed, indexes what is configured
 * if the index is missing or stale, so a fresh machine answers at once.
 */
import type { Logger } from '../lib/logger.ts';
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { KnowledgeBase } from './answer.ts';
import type { IngestReport } from './index.ts';

export async function openKnowledge(
  db: SqliteDatabase,
  options: { dirs: string[]; autoIngest: boolean; logger: Logger },
): Promise<{ kb: KnowledgeBase; report: IngestReport | undefined }> {
  const kb = new KnowledgeBase(db);
  await kb.init();
  let report: IngestReport | undefined;
  if (options.autoIngest && (await kb.index.isStale(options.dirs))) {
    report = await kb.ingest(options.dirs);
    options.logger.info(
      { added: report.added.length, updated: report.updated.length, removed: report.removed.length, passages: report.passages, ms: report.ms },
      'knowledge indexed',
    );
    for (const f of report.failed) options.logger.error({ file: f.file, error: f.error }, 'knowledge file not indexed');
  }
  return { kb, report };
}
