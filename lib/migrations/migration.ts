/**
 * One numbered change to the app's schema (see lib/migrate.ts, which runs them): the same numbered
 * list for SQLite (`up`) and PostgreSQL (`postgres`), each written in its own dialect.
 */
import type { SqlDatabase } from '../sql-database.ts';
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
  /** Makes the change on SQLite; runs inside its own transaction, once per database file. */
  up(db: SqlDatabase, context: MigrationContext): Promise<void>;
  /**
   * The same change on PostgreSQL (same tables, columns and indexes; identity ids for INTEGER PRIMARY
   * KEY). A PostgreSQL database starts empty at version 0, so it never holds rows of an earlier
   * version to convert. Runs inside its own transaction, under the migration lock.
   */
  postgres?(db: SqlDatabase, context: MigrationContext): Promise<void>;
}
