/**
 * The same numbered migrations on PostgreSQL: a new database is brought to the latest version with
 * the tables and columns SQLite has (plus the `rowid` identity of the two tables keyed otherwise),
 * several workers migrating at once apply each migration once, and a second run does nothing.
 */
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../lib/migrate.ts';
import { MIGRATIONS } from '../../lib/migrations/index.ts';
import { PostgresDatabase } from '../../lib/postgres.ts';
import type { SqlDatabase } from '../../lib/sql-database.ts';
import { memoryVault } from '../keys.ts';
import { newPostgresDatabase, openBareBackend } from '../postgres.ts';

async function columns(db: SqlDatabase): Promise<Record<string, string[]>> {
  const rows =
    db.dialect === 'postgres'
      ? await db.all<{ t: string; c: string }>(
          "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name != 'schema_version' ORDER BY table_name, ordinal_position",
        )
      : await db.all<{ t: string; c: string }>(
          "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid",
        );
  const out: Record<string, string[]> = {};
  for (const { t, c } of rows) (out[t] ??= []).push(c);
  return out;
}

describe('the schema migrations on PostgreSQL', () => {
  it('make the tables and columns SQLite has, once, however many workers start together', async () => {
    const url = await newPostgresDatabase();
    const workers = await Promise.all([1, 2, 3].map(() => PostgresDatabase.open(url)));
    const vault = memoryVault();
    const results = await Promise.all(workers.map((db) => migrate(db, { vault })));
    expect(results.map((r) => r.to)).toEqual([MIGRATIONS.length, MIGRATIONS.length, MIGRATIONS.length]);
    for (const db of workers) expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(await migrate(workers[0]!, { vault })).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });

    const sqlite = await openBareBackend('sqlite');
    await migrate(sqlite, { vault });
    const expected = await columns(sqlite);
    const actual = await columns(workers[0]!);
    for (const table of ['conversations', 'surveys']) actual[table] = actual[table]!.filter((c) => c !== 'rowid');
    expect(actual).toEqual(expected);
    await sqlite.close();
    for (const db of workers) await db.close();
  });

  it('refuses a server that cannot be reached in one line naming it, without the password', async () => {
    const err = await PostgresDatabase.open('postgres://tgpl:hunter2-secret@127.0.0.1:1/tgpl').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Không kết nối được PostgreSQL ở 127.0.0.1:1/tgpl: không có máy chủ nào nghe ở cổng này (connection refused)');
  });
});
