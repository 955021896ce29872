/**
 * The app's database, opened the one way the app and the CLI open it: the SQLite file (created when
 * missing, readable by its owner only) or, when the location is a postgres:// URL (DATABASE_URL),
 * the PostgreSQL database; with its data keys (lib/data-keys.ts: made on the first start of a new
 * database), and brought to the current schema (lib/migrate.ts) before anything reads it.
 */
import { KeyFileError, loadKeys, type KeySettings } from './data-keys.ts';
import { knownSchemaVersion, migrate } from './migrate.ts';
import { SEALED_FROM_VERSION } from './migrations/index.ts';
import { SEALED_COLUMNS } from './sealed-columns.ts';
import { isPostgresUrl, PostgresDatabase, type PostgresOptions } from './postgres.ts';
import { rowKey, type SqlDatabase } from './sql-database.ts';
import { SqliteDatabase } from './sqlite.ts';
import { keyIdOf, Vault } from './vault.ts';

/** The open database and the keys that seal the personal data in it. */
export interface AppDatabase {
  db: SqlDatabase;
  vault: Vault;
}

/**
 * Opens the database at `path` with its keys. A missing key file is made only for a database that
 * has never held sealed data (new, or written by a version before sealing, whose rows the migration
 * then seals); for any other, a missing or damaged key file is a KeyFileError naming the file.
 */
export async function openDatabase(path: string, keys: KeySettings, now = new Date(), postgres: PostgresOptions = {}): Promise<AppDatabase> {
  const db: SqlDatabase = isPostgresUrl(path) ? await PostgresDatabase.open(path, postgres) : await SqliteDatabase.open(path);
  try {
    const version = await knownSchemaVersion(db);
    const { set } = loadKeys(keys, { mayCreate: version < SEALED_FROM_VERSION, now });
    const vault = new Vault(set);
    await migrate(db, { vault });
    await checkKeys(db, vault);
    return { db, vault };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Fails fast, in one line, when the keys given are not the ones the data was sealed with (another
 * key file, a DATA_KEYS without the old key): the newest value of each sealed column must name a
 * known key. Cheap (one row per column), so it runs at every open.
 */
async function checkKeys(db: SqlDatabase, vault: Vault): Promise<void> {
  for (const { table, column } of SEALED_COLUMNS) {
    const row = await db.get<{ value: string }>(`SELECT ${column} AS value FROM ${table} WHERE ${column} != '' ORDER BY ${rowKey(db, table)} DESC LIMIT 1`);
    const keyId = row ? keyIdOf(row.value) : undefined;
    if (keyId === undefined || vault.keyIds.includes(keyId)) continue;
    vault.refresh();
    if (vault.keyIds.includes(keyId)) continue;
    const source = vault.source.kind === 'file' ? `tệp khóa ${vault.source.file}` : 'DATA_KEYS';
    throw new KeyFileError(`Dữ liệu trong ${db.path} được mã hóa bằng khóa "${keyId}" mà ${source} không có: đây không phải khóa của cơ sở dữ liệu này (wrong data keys)`);
  }
}
