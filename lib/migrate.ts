/**
 * Brings an SQLite file to the schema this code knows, keyed on `PRAGMA user_version`: each
 * migration of lib/migrations/ not yet applied runs in its own transaction, which also sets the
 * version, so a failure leaves the file at the last complete step. Running again is a no-op; a
 * second process opening the same file at the same time waits and then finds the work done.
 */
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration, MigrationContext } from './migrations/migration.ts';
import type { SqliteDatabase } from './sqlite.ts';

/** The file was written by a newer version of the assistant. */
export class SchemaVersionError extends Error {
  override name = 'SchemaVersionError';
}

export async function schemaVersion(db: SqliteDatabase): Promise<number> {
  return (await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version;
}

/** The file's schema version; a SchemaVersionError when a newer version of the assistant wrote it. */
export async function knownSchemaVersion(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
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
  db: SqliteDatabase,
  context: MigrationContext = {},
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
  const known = migrations.length;
  const from = await knownSchemaVersion(db, migrations);
  let rewrote = false;
  for (const migration of migrations.slice(from)) {
    await db.transaction(async () => {
      // Another process may have applied it while this one waited for the write lock.
      if ((await schemaVersion(db)) >= migration.version) return;
      await migration.up(db, context);
      await db.exec(`PRAGMA user_version = ${migration.version}`);
      rewrote ||= migration.rewritesPersonalData === true;
    });
  }
  if (rewrote && !db.inTransaction) await db.compact();
  return { from, to: Math.max(from, known) };
}
