/** One numbered change to the app's SQLite schema (see lib/migrate.ts, which runs them). */
import type { SqliteDatabase } from '../sqlite.ts';
import type { Vault } from '../vault.ts';

/** What a migration may need besides the database. */
export interface MigrationContext {
  /** The data keys, for a migration that seals personal data (absent: such a migration refuses to run on rows it would seal). */
  vault?: Vault;
}

export interface Migration {
  /** 1, 2, 3 …: what `PRAGMA user_version` says once it has run. */
  version: number;
  /** What it does, in a few words (for the log and the reader). */
  name: string;
  /**
   * It rewrites personal data in place: once it has run the file is rebuilt (VACUUM) and the
   * write-ahead log emptied, so the old plain text is left in no free page.
   */
  rewritesPersonalData?: boolean;
  /** Makes the change; runs inside its own transaction, once per database file. */
  up(db: SqliteDatabase, context: MigrationContext): Promise<void>;
}
