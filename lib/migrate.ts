/**
 * Brings a database to the schema this code knows, keyed on its version (SQLite: `PRAGMA
 * user_version`; PostgreSQL: the one row of `schema_version`): each migration of lib/migrations/ not
 * yet applied runs in its own transaction, which also sets the version, so a failure leaves the
 * database at the last complete step. Running again is a no-op; a second process (a second worker)
 * migrating at the same time waits (SQLite's write lock; PostgreSQL's migration advisory lock) and
 * then finds the work done.
 */
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration, MigrationContext } from './migrations/migration.ts';
import type { PostgresDatabase } from './postgres.ts';
import type { SqlDatabase } from './sql-database.ts';

/** The file was written by a newer version of the assistant. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
}

export async function schemaVersion(db: SqlDatabase): Promise<number> {
  if (db.dialect === 'postgres') {
    // pg_class read as a table (this statement's snapshot), not to_regclass (the catalog cache, which
    // may not yet see a table another worker made while this one waited for the migration lock).
    const table = await db.get<{ n: number }>(
      "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE c.relname = 'schema_version' AND s.nspname = current_schema()",
    );
    if (!table?.n) return 0;
    return (await db.get<{ version: number }>('SELECT max(version) AS version FROM schema_version'))?.version ?? 0;
  }
  return (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
}

/** Records the version a migration brought the database to (inside its transaction). */
async function setSchemaVersion(db: SqlDatabase, version: number): Promise<void> {
  if (db.dialect === 'postgres') {
    await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    await db.run('DELETE FROM schema_version');
    await db.run('INSERT INTO schema_version (version) VALUES (?)', [version]);
  } else {
    await db.exec(`PRAGMA user_version = ${version}`);
  }
}

/** The file's schema version; a SchemaVersionError when a newer version of the assistant wrote it. */
export async function knownSchemaVersion(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const version = await schemaVersion(db);
  if (version > migrations.length) {
    throw new SchemaVersionError(
      `Cơ sở dữ liệu ${db.path} có lược đồ phiên bản ${version}, mới hơn bản ${migrations.length} mà chương trình này biết: hãy chạy bản trợ lý mới hơn (database schema is newer than this program)`,
    );
  }
  return version;
}

/**
 * Applies the migrations the file lacks; resolves to the versions before and after. When one that
 * rewrote personal data ran, the file is compacted after (no old plain text left in free pages or
 * in the write-ahead log).
 */
export async function migrate(
  db: SqlDatabase,
  context: MigrationContext = {},
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
  const known = migrations.length;
  const from = await knownSchemaVersion(db, migrations);
  if (from >= known) return { from, to: from };
  let rewrote = false;
  for (const migration of migrations.slice(from)) {
    await db.transaction(async () => {
      // Workers starting together take turns (SQLite's write lock is taken by BEGIN IMMEDIATE).
      if (db.dialect === 'postgres') await (db as PostgresDatabase).transactionLock('tgpl:migrate');
      // Another process may have applied it while this one waited for the lock.
      if ((await schemaVersion(db)) >= migration.version) return;
      if (db.dialect === 'postgres' && !migration.postgres) throw new Error(`migration ${migration.version} has no PostgreSQL version`);
      await (db.dialect === 'postgres' ? migration.postgres!(db, context) : migration.up(db, context));
      await setSchemaVersion(db, migration.version);
      rewrote ||= migration.rewritesPersonalData === true;
    });
  }
  if (rewrote && !db.inTransaction) await db.compact();
  return { from, to: Math.max(from, known) };
}
