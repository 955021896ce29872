/**
 * The app's SQLite file, opened the one way the app and the CLI open it: created when missing and
 * brought to the current schema (lib/migrate.ts) before anything reads it.
 */
import { migrate } from './migrate.ts';
import { SqliteDatabase } from './sqlite.ts';

export async function openDatabase(path: string): Promise<SqliteDatabase> {
  const db = await SqliteDatabase.open(path);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}
