/** One numbered change to the app's SQLite schema (see lib/migrate.ts, which runs them). */
import type { SqliteDatabase } from '../sqlite.ts';

export interface Migration {
  /** 1, 2, 3 …: what `PRAGMA user_version` says once it has run. */
  version: number;
  /** What it does, in a few words (for the log and the reader). */
  name: string;
  /** Makes the change; runs inside its own transaction, once per database file. */
  up(db: SqliteDatabase): Promise<void>;
}
