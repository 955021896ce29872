/** Opens the configured knowledge base for a CLI command (indexing first when it is missing or stale). */
import type { Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { openDatabase } from '../../lib/database.ts';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import type { KnowledgeBase } from '../../knowledge/answer.ts';
import { openKnowledge } from '../../knowledge/service.ts';
import { knowledgeOptions } from '../app.ts';

export async function withKnowledge<T>(config: Config, work: (kb: KnowledgeBase) => Promise<T>): Promise<T> {
  const logger = createLogger({ level: config.logLevel, file: config.logFile });
  // The same file as the app's: opened with its keys (a first start may have to seal old rows); beside
  // PostgreSQL, the worker's own knowledge file.
  const db = config.database.url ? await SqliteDatabase.open(config.knowledgeDatabasePath) : ((await openDatabase(config.databasePath, config.dataKeys)).db as SqliteDatabase);
  try {
    const { kb } = await openKnowledge(db, knowledgeOptions(config, logger));
    return await work(kb);
  } finally {
    await db.close();
  }
}
