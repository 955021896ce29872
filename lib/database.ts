/**
 * The app's SQLite file, opened the one way the app and the CLI open it: created when missing
 * (readable by its owner only), with its data keys (lib/data-keys.ts: made on the first start of a
 * new database), and brought to the current schema (lib/migrate.ts) before anything reads it.
 */
import { loadKeys, type KeySettings } from './data-keys.ts';
import { knownSchemaVersion, migrate } from './migrate.ts';
import { SEALED_FROM_VERSION } from './migrations/index.ts';
import { SqliteDatabase } from './sqlite.ts';
import { Vault } from './vault.ts';

/** The open database and the keys that seal the personal data in it. */
export interface AppDatabase {
  db: SqliteDatabase;
  vault: Vault;
}

/**
 * Opens the database at `path` with its keys. A missing key file is made only for a database that
 * has never held sealed data (new, or written by a version before sealing, whose rows the migration
 * then seals); for any other, a missing or damaged key file is a KeyFileError naming the file.
 */
export async function openDatabase(path: string, keys: KeySettings, now = new Date()): Promise<AppDatabase> {
  const db = await SqliteDatabase.open(path);
  try {
    const version = await knownSchemaVersion(db);
    const { set } = loadKeys(keys, { mayCreate: version < SEALED_FROM_VERSION, now });
    const vault = new Vault(set);
    await migrate(db, { vault });
    return { db, vault };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
