/**
 * A small promise wrapper over the `sqlite3` package: one file, opened once, shared by the
 * conversation store, the knowledge index and the tickets.
 *
 * The one connection is shared by every conversation, so a transaction keeps it to itself: a
 * statement issued from inside `transaction(work)` (however deep, through any store on this
 * database) runs in the transaction; a statement issued from anywhere else waits until the
 * transaction has committed or rolled back. "Inside" is the transaction's async context
 * (node:async_hooks), so callers do not pass anything around. Work must therefore not wait for
 * something that itself waits for the database outside the transaction (another conversation's
 * turn, say): that would wait forever.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import sqlite3 from 'sqlite3';
import { ensurePrivateFile, tightenIfPresent } from './private-files.ts';
import { inlineParameters, type Dialect, type SqlDatabase, type SqlParams, type SqlStatement, type SqlValue } from './sql-database.ts';
import { StatementGate } from './statement-gate.ts';

export type { SqlParams, SqlStatement, SqlValue } from './sql-database.ts';

/** An open transaction (or a savepoint inside one) and what runs in its async context. */
interface TransactionScope {
  /** The outermost transaction: while it is open, statements of this context run in it. */
  root: TransactionScope;
  open: boolean;
  /** Nested transactions started in this scope run one after another. */
  nested: Promise<unknown>;
  /** Counter for savepoint names (kept on the root). */
  savepoints: number;
  /** What runs once the outermost transaction has committed (dropped if this scope rolls back). */
  afterCommit: Array<() => void>;
}

/** sqlite3's online backup object (not in its type declarations). */
interface SqliteBackup {
  step(pages: number, callback: (err: Error | null, done?: boolean) => void): SqliteBackup;
  finish(callback?: () => void): SqliteBackup;
}
type BackupCapable = sqlite3.Database & { backup(filename: string, callback: (err: Error | null) => void): SqliteBackup };

const BACKUP_RETRIES = 50;
/** At most this many batches are committed together (a bound on one transaction's size). */
const MAX_BATCHES_PER_COMMIT = 64;

export class SqliteDatabase implements SqlDatabase {
  readonly dialect: Dialect = 'sqlite';
  private readonly gate = new StatementGate();
  private readonly scopes = new AsyncLocalStorage<TransactionScope>();
  /** Batches waiting to be written (see batch()), and whether a writer is taking them. */
  private readonly batches: Array<{ body: string; resolve: () => void; reject: (err: unknown) => void }> = [];
  private writingBatches = false;

  private constructor(
    private readonly db: sqlite3.Database,
    /** The file path, or ":memory:". */
    readonly path: string,
  ) {}

  /**
   * Opens (and creates, with its folder) the database file, with WAL and a busy timeout. The file
   * is readable by its owner only (0600), and so are its -wal and -shm files (SQLite gives them the
   * file's permissions); deleted content is overwritten (secure_delete), so a deleted or re-sealed
   * value leaves no readable trace in free pages.
   */
  static async open(path: string): Promise<SqliteDatabase> {
    if (path !== ':memory:') {
      ensurePrivateFile(path);
      for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(`${path}${suffix}`);
    }
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(path, (err) => (err ? reject(err) : resolve(handle)));
    });
    const wrapped = new SqliteDatabase(db, path);
    db.configure('busyTimeout', 5000);
    await wrapped.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;');
    return wrapped;
  }

  exec(sql: string): Promise<void> {
    return this.statement(() => this.rawExec(sql));
  }

  run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    return this.statement(
      () =>
        new Promise((resolve, reject) => {
          this.db.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
            if (err) reject(err);
            else resolve({ lastID: this.lastID, changes: this.changes });
          });
        }),
    );
  }

  async insert(sql: string, params: SqlValue[] = []): Promise<number> {
    return (await this.run(sql, params)).lastID;
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.statement(
      () => new Promise((resolve, reject) => this.db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined)))),
    );
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.statement(() => new Promise((resolve, reject) => this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))));
  }

  /**
   * Runs `statements` in order as one transaction, in ONE call into SQLite (one trip to its thread,
   * however many statements): a turn's writes hold the connection for the shortest time. The
   * parameters are written into the SQL as literals (strings as hex, so nothing in them can be read
   * as SQL). Inside another transaction the statements run there (in it, one by one). Nothing is
   * returned: use run() where a statement's result matters.
   */
  async batch(statements: readonly SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    if (this.inTransaction) {
      for (const s of statements) await this.run(s.sql, s.params ?? []);
      return;
    }
    const body = statements.map((s) => inlineParameters(s, 'sqlite')).join(';\n');
    return new Promise<void>((resolve, reject) => {
      this.batches.push({ body, resolve, reject });
      if (!this.writingBatches) void this.writeBatches();
    });
  }

  /**
   * Writes the batches waiting, as they come: those that queued while the connection was busy go
   * together in one transaction (group commit: one trip for many turns). If that fails, each is
   * written alone, so one bad batch fails only its own caller.
   */
  private async writeBatches(): Promise<void> {
    this.writingBatches = true;
    try {
      while (this.batches.length > 0) {
        await this.gate.enterTransaction();
        const group = this.batches.splice(0, MAX_BATCHES_PER_COMMIT);
        try {
          if (group.length > 1 && (await this.commitBodies(group.map((b) => b.body)).then(() => true, () => false))) {
            for (const b of group) b.resolve();
            continue;
          }
          for (const b of group) await this.commitBodies([b.body]).then(b.resolve, b.reject);
        } finally {
          this.gate.leaveTransaction();
        }
      }
    } finally {
      this.writingBatches = false;
    }
  }

  /** BEGIN, the bodies, COMMIT in one exec; rolled back on error (the error is thrown). */
  private async commitBodies(bodies: string[]): Promise<void> {
    try {
      await this.rawExec(`BEGIN IMMEDIATE;\n${bodies.join(';\n')};\nCOMMIT;`);
    } catch (err) {
      await this.rawExec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Runs `effect` once what the caller wrote is committed: at once outside a transaction; inside
   * one, after the outermost commit (never if it, or the savepoint it was asked in, rolls back).
   * It runs outside the transaction's context, so what it reads waits for, and sees, the commit.
   */
  afterCommit(effect: () => void): void {
    const scope = this.scopes.getStore();
    if (scope?.root.open && scope.open) scope.afterCommit.push(effect);
    else this.scopes.exit(effect);
  }

  /** Whether the caller runs inside an open transaction on this database. */
  get inTransaction(): boolean {
    return this.scopes.getStore()?.root.open === true;
  }

  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT, rolling back on error, with the connection to
   * itself (see the top of this file). Called inside another transaction's work it runs there, as a
   * savepoint: its failure undoes only its own writes (and the error still reaches the caller).
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.scopes.getStore();
    return scope?.root.open ? this.nested(scope, work) : this.outermost(work);
  }

  /**
   * Copies the whole database, as committed, into `file` (SQLite's online backup; an existing
   * file's content is replaced). Waits for a running transaction to end; writers go on meanwhile.
   */
  async backup(file: string): Promise<void> {
    if (this.inTransaction) throw new Error('a backup cannot run inside a transaction');
    await this.statement(() => this.rawBackup(file));
  }

  /**
   * Rebuilds the file (VACUUM) and empties the write-ahead log into it (checkpoint, truncated), so
   * that no page of the file or of the -wal keeps content deleted or rewritten before: run after a
   * change that rewrote personal data (the migration that sealed it).
   */
  async compact(): Promise<void> {
    if (this.inTransaction) throw new Error('compact cannot run inside a transaction');
    await this.exec('VACUUM; PRAGMA wal_checkpoint(TRUNCATE);');
  }

  /** Closes the connection once the statements and transactions under way are done. */
  async close(): Promise<void> {
    if (this.inTransaction) throw new Error('the database cannot be closed inside a transaction');
    await this.gate.enterTransaction();
    try {
      await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
    } finally {
      this.gate.leaveTransaction();
    }
  }

  /** Runs one statement: at once inside a transaction's context, else when no transaction holds the connection. */
  private async statement<T>(op: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return op();
    const wait = this.gate.enterStatement();
    if (wait) await wait;
    try {
      return await op();
    } finally {
      this.gate.leaveStatement();
    }
  }

  private async outermost<T>(work: () => Promise<T>): Promise<T> {
    await this.gate.enterTransaction();
    const scope = { open: true, nested: Promise.resolve(), savepoints: 0, afterCommit: [] } as unknown as TransactionScope;
    scope.root = scope;
    let committed = false;
    try {
      const result = await this.scopes.run(scope, async () => {
        await this.rawExec('BEGIN IMMEDIATE');
        try {
          const result = await work();
          await this.rawExec('COMMIT');
          committed = true;
          return result;
        } catch (err) {
          await this.rawExec('ROLLBACK').catch(() => undefined);
          throw err;
        }
      });
      return result;
    } finally {
      scope.open = false;
      this.gate.leaveTransaction();
      if (committed) for (const effect of scope.afterCommit) this.scopes.exit(effect);
    }
  }

  private nested<T>(parent: TransactionScope, work: () => Promise<T>): Promise<T> {
    const run = async () => {
      const name = `tgpl_sp_${(parent.root.savepoints += 1)}`;
      const scope: TransactionScope = { root: parent.root, open: true, nested: Promise.resolve(), savepoints: 0, afterCommit: [] };
      try {
        return await this.scopes.run(scope, async () => {
          await this.rawExec(`SAVEPOINT ${name}`);
          try {
            const result = await work();
            await this.rawExec(`RELEASE ${name}`);
            // Kept with the enclosing transaction: they run if it commits.
            parent.afterCommit.push(...scope.afterCommit);
            return result;
          } catch (err) {
            await this.rawExec(`ROLLBACK TO ${name}; RELEASE ${name}`).catch(() => undefined);
            throw err;
          }
        });
      } finally {
        scope.open = false;
      }
    };
    const result = parent.nested.then(run, run);
    parent.nested = result.catch(() => undefined);
    return result;
  }

  private rawExec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  private async rawBackup(file: string): Promise<void> {
    const backup = await new Promise<SqliteBackup>((resolve, reject) => {
      const b = (this.db as BackupCapable).backup(file, (err) => (err ? reject(err) : resolve(b)));
    });
    try {
      for (let attempt = 0; ; attempt += 1) {
        const step = await new Promise<{ done: boolean; err?: Error & { code?: string } }>((resolve) =>
          backup.step(-1, (err, done) => resolve(err ? { done: false, err } : { done: done === true })),
        );
        if (step.done) return;
        const busy = step.err?.code === 'SQLITE_BUSY' || step.err?.code === 'SQLITE_LOCKED';
        if (step.err && (!busy || attempt >= BACKUP_RETRIES)) throw step.err;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await new Promise<void>((resolve) => backup.finish(() => resolve()));
    }
  }
}

