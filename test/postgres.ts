/**
 * PostgreSQL for tests: a fresh, empty database of its own on the test run's server
 * (test/setup/postgres.ts), and the backends store tests run over (`describe.each(BACKENDS)`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { openDatabase, type AppDatabase } from '../lib/database.ts';
import { PostgresDatabase } from '../lib/postgres.ts';
import type { SqlDatabase } from '../lib/sql-database.ts';
import { SqliteDatabase } from '../lib/sqlite.ts';

// Not test/helpers.ts (it loads the whole bot): store tests stay light.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tgpl-db-'));
  dirs.push(dir);
  return dir;
}

/** The test run's PostgreSQL server (its "postgres" database: do not write in it). */
export function postgresServerUrl(): string {
  return inject('postgresUrl');
}

/** Makes a new, empty database on the test server; resolves to its URL. */
export async function newPostgresDatabase(): Promise<string> {
  const admin = postgresServerUrl();
  const name = `tgpl_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

/**
 * The app's database on `backend`, opened as the app opens it (keys in a fresh folder): a new SQLite
 * file, or a new PostgreSQL database. Not closed automatically.
 */
export async function openBackend(backend: Backend, dir = tempDir()): Promise<AppDatabase> {
  const location = backend === 'postgres' ? await newPostgresDatabase() : join(dir, 'tgpl.sqlite');
  return openDatabase(location, { file: join(dir, 'keys.json') });
}

/** A bare database on `backend` (no keys, not migrated): a new SQLite file or a new PostgreSQL database. */
export async function openBareBackend(backend: Backend): Promise<SqlDatabase> {
  return backend === 'postgres' ? PostgresDatabase.open(await newPostgresDatabase()) : SqliteDatabase.open(join(tempDir(), 't.sqlite'));
}

/** Settings naming the backend: DATABASE_URL of a new database for PostgreSQL, nothing for SQLite. */
export async function backendEnv(backend: Backend): Promise<Record<string, string>> {
  return backend === 'postgres' ? { DATABASE_URL: await newPostgresDatabase() } : {};
}
