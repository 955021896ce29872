/**
 * A small promise wrapper over the `sqlite3` package: one file, opened once, shared by the
 * conversation store, the knowledge index and the tickets.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = SqlValue[] | Record<string, SqlValue>;

export class SqliteDatabase {
  private constructor(
    private readonly db: sqlite3.Database,
    /** The file path, or ":memory:". */
    readonly path: string,
  ) {}

  /** Opens (and creates, with its folder) the database file, with WAL and a busy timeout. */
  static async open(path: string): Promise<SqliteDatabase> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(handle)));
    });
    const wrapped = new SqliteDatabase(db, path);
    db.configure('busyTimeout', 5000);
    await wrapped.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
    return wrapped;
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined))),
    );
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
    );
  }

  private lastTransaction: Promise<unknown> = Promise.resolve();

  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT, rolling back on error. The connection is shared by
   * every conversation, so transactions wait for each other instead of nesting.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const run = async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        await this.exec('COMMIT');
        return result;
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    const result = this.lastTransaction.then(run, run);
    this.lastTransaction = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
