/**
 * The stores' database on PostgreSQL (DATABASE_URL=postgres://…), through a `pg` connection pool, so
 * that several workers share one database. It behaves as lib/sqlite.ts does for the stores:
 * `transaction(work)` takes one pooled connection and every statement issued from `work` (found by
 * the async context, node:async_hooks) runs on it; a transaction inside one is a savepoint; other
 * statements run on any connection of the pool. SQL keeps SQLite's `?` placeholders: they are turned
 * into `$1, $2…` here (outside string literals and quoted names).
 *
 * Workers coordinate through advisory locks (`tryLock`): each lock is held by a connection of its own
 * (a small second pool), so it goes when the worker dies, even by kill -9 (the server sees the
 * connection close). PostgreSQL errors reaching a person are one line naming the server, never the
 * password.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { describeDatabaseUrl } from './config.ts';
import { inlineParameters, type Dialect, type SqlDatabase, type SqlParams, type SqlStatement, type SqlValue } from './sql-database.ts';

/** PostgreSQL cannot be reached or refused the connection; one line naming the server. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

interface Scope {
  root: Scope;
  open: boolean;
  /** Called once the outermost transaction has committed (kept on the root). */
  afterCommit: Array<() => void>;
  nested: Promise<unknown>;
  savepoints: number;
  client: pg.PoolClient;
}

/** A lock held by this worker until `release` (or until its connection is lost). */
export interface HeldLock {
  release(): Promise<void>;
  /** Resolves to false once the lock's connection is lost (the lock with it). */
  check(): Promise<boolean>;
}

/** bigint (count, identity ids) and numeric as JavaScript numbers, as SQLite gives them. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => (value === null ? null : Number(value));
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

const positionalCache = new Map<string, string>();

/** `?` placeholders → `$1, $2…`, leaving string literals, quoted names and comments alone. */
export function toPositional(sql: string): string {
  const cached = positionalCache.get(sql);
  if (cached !== undefined) return cached;
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const j = end === -1 ? sql.length - 1 : end;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length - 1 : end;
      out += sql.slice(i, j + 1);
      i = j;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  if (positionalCache.size < 5000) positionalCache.set(sql, out);
  return out;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'không có máy chủ nào nghe ở cổng này (connection refused)',
  ENOTFOUND: 'không tìm thấy tên máy (unknown host)',
  EAI_AGAIN: 'không tìm thấy tên máy (unknown host)',
  ETIMEDOUT: 'hết thời gian chờ kết nối (timeout)',
  EHOSTUNREACH: 'không tới được máy chủ (host unreachable)',
  '28P01': 'sai mật khẩu hoặc người dùng (authentication failed)',
  '28000': 'máy chủ không cho người dùng này kết nối (not authorised)',
  '3D000': 'không có cơ sở dữ liệu này (no such database)',
  '57P03': 'máy chủ đang khởi động (starting up)',
};

/**
 * A failed statement's error as callers should see it: a lost or refused connection (not an SQL
 * error, which has a five-character SQLSTATE; or the server shutting down, starting up, the
 * connection failing) names the server, as unavailable(); an SQL error as it is.
 */
function asDatabaseError(url: string, err: unknown): unknown {
  const code = (err as { code?: string }).code;
  if (code && !/^[0-9A-Z]{5}$/u.test(code)) return unavailable(url, err);
  if (code === '57P01' || code === '57P03' || code === '08006') return unavailable(url, err);
  return err;
}

function unavailable(url: string, err: unknown): DatabaseUnavailableError {
  const e = err as Error & { code?: string };
  const timeout = /timeout/iu.test(e.message ?? '') ? REASONS.ETIMEDOUT : undefined;
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // no password to hide
  }
  const raw = (e.message ?? String(err)).split('\n')[0]!;
  const reason = REASONS[e.code ?? ''] ?? timeout ?? (password ? raw.split(password).join('***') : raw);
  return new DatabaseUnavailableError(`Không kết nối được PostgreSQL ở ${describeDatabaseUrl(url)}: ${reason}`);
}

export interface PostgresOptions {
  /** Connections for statements and transactions (PG_POOL_SIZE). */
  poolSize?: number;
  /** Connections holding advisory locks (per-chat turns, leader roles). */
  lockPoolSize?: number;
  /** Called with an error of an idle connection (the pool replaces it). */
  onError?: (err: Error) => void;
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect: Dialect = 'postgres';
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private lockPool: pg.Pool | undefined;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly options: PostgresOptions,
    readonly path: string,
  ) {}

  /** Connects (one statement to check the server answers); a failure is one line naming the server. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: TYPES, connectionTimeoutMillis: 10_000 });
    pool.on('error', (err) => options.onError?.(err));
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw unavailable(url, err);
    }
    return new PostgresDatabase(pool, url, options, `postgres://${describeDatabaseUrl(url)}`);
  }

  exec(sql: string): Promise<void> {
    return this.query(sql, undefined).then(() => undefined);
  }

  async run(sql: string, params: SqlParams = []): Promise<{ lastID: number; changes: number }> {
    const result = await this.query(sql, params);
    return { lastID: 0, changes: result.rowCount ?? 0 };
  }

  async insert(sql: string, params: SqlValue[] = []): Promise<number> {
    const result = await this.query(`${sql} RETURNING id`, params);
    return Number((result.rows[0] as { id: number }).id);
  }

  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }

  get inTransaction(): boolean {
    return this.scopes.getStore()?.root.open === true;
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.scopes.getStore();
    return scope?.root.open ? this.nested(scope, work) : this.outermost(work);
  }

  /**
   * The statements as one transaction in one round trip: their parameters written in as literals
   * (lib/sql-database.ts inlineParameters), BEGIN … COMMIT sent as one simple query on a connection
   * of its own. Inside a transaction they run in it, one by one.
   */
  async batch(statements: readonly SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    if (this.inTransaction) {
      for (const s of statements) await this.run(s.sql, s.params ?? []);
      return;
    }
    const body = statements.map((s) => inlineParameters(s, 'postgres')).join(';\n');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw unavailable(this.url, err);
    }
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN;\n${body};\nCOMMIT;`);
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw asDatabaseError(this.url, err);
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs `callback` once the current transaction has committed (at once outside one; never if it
   * rolls back). Readers outside a transaction do not wait for it here (unlike SQLite's one
   * connection), so whoever must see a row written in it is told after the commit.
   */
  afterCommit(callback: () => void): void {
    const scope = this.scopes.getStore();
    // Kept with the (savepoint) scope asking: it joins its parent when released, is dropped if rolled back.
    if (scope?.root.open && scope.open) scope.afterCommit.push(callback);
    else this.scopes.exit(callback);
  }

  /** Waits inside the current transaction until no other worker's transaction holds `key` (released at commit). */
  async transactionLock(key: string): Promise<void> {
    if (!this.inTransaction) throw new Error('transactionLock needs a transaction');
    await this.query('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
  }

  /**
   * Takes the advisory lock `key` unless another worker holds it (undefined then). It is held on a
   * connection of its own until `release`, or until that connection dies with the worker.
   */
  async tryLock(key: string): Promise<HeldLock | undefined> {
    if (this.closed) return undefined;
    this.lockPool ??= (() => {
      const p = new pg.Pool({ connectionString: this.url, max: this.options.lockPoolSize ?? 32, types: TYPES, connectionTimeoutMillis: 10_000 });
      p.on('error', (err) => this.options.onError?.(err));
      return p;
    })();
    const client = await this.lockPool.connect();
    let lost = false;
    const onError = () => {
      lost = true;
    };
    client.on('error', onError);
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
      if (!rows[0]!.ok) {
        client.off('error', onError);
        client.release();
        return undefined;
      }
    } catch (err) {
      client.off('error', onError);
      client.release(err as Error);
      throw err;
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        client.off('error', onError);
        if (lost) {
          client.release(new Error('lock connection lost'));
          return;
        }
        try {
          await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
          client.release();
        } catch (err) {
          client.release(err as Error);
        }
      },
      check: async () => {
        if (lost || released) return false;
        try {
          await client.query('SELECT 1');
          return true;
        } catch {
          lost = true;
          return false;
        }
      },
    };
  }

  async compact(): Promise<void> {
    if (this.inTransaction) throw new Error('compact cannot run inside a transaction');
    await this.exec('VACUUM');
  }

  async close(): Promise<void> {
    if (this.inTransaction) throw new Error('the database cannot be closed inside a transaction');
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.lockPool?.end()]);
  }

  private async query(sql: string, params: SqlParams | undefined): Promise<pg.QueryResult> {
    if (params !== undefined && !Array.isArray(params)) throw new Error('PostgreSQL statements take positional (?) parameters');
    const scope = this.scopes.getStore();
    const target: pg.Pool | pg.PoolClient = scope?.root.open ? scope.root.client : this.pool;
    try {
      return params === undefined ? await target.query(sql) : await target.query(toPositional(sql), params as unknown[]);
    } catch (err) {
      throw asDatabaseError(this.url, err);
    }
  }

  private async outermost<T>(work: () => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw unavailable(this.url, err);
    }
    const scope = { open: true, nested: Promise.resolve(), savepoints: 0, client, afterCommit: [] } as unknown as Scope;
    scope.root = scope;
    let failure: Error | undefined;
    let committed = false;
    try {
      const result = await this.scopes.run(scope, async () => {
        await client.query('BEGIN');
        try {
          const result = await work();
          await client.query('COMMIT');
          committed = true;
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((e: Error) => {
            failure = e;
          });
          throw err;
        }
      });
      return result;
    } finally {
      scope.open = false;
      client.release(failure);
      // Outside the transaction's context: what the callbacks start runs on the pool.
      if (committed) for (const callback of scope.afterCommit) queueMicrotask(callback);
    }
  }

  private nested<T>(parent: Scope, work: () => Promise<T>): Promise<T> {
    const run = async () => {
      const name = `tgpl_sp_${(parent.root.savepoints += 1)}`;
      const scope: Scope = { root: parent.root, open: true, nested: Promise.resolve(), savepoints: 0, client: parent.root.client, afterCommit: [] };
      try {
        return await this.scopes.run(scope, async () => {
          await scope.client.query(`SAVEPOINT ${name}`);
          try {
            const result = await work();
            await scope.client.query(`RELEASE SAVEPOINT ${name}`);
            parent.afterCommit.push(...scope.afterCommit);
            return result;
          } catch (err) {
            await scope.client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => undefined);
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
}

/** Whether a DATABASE_URL / location names a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//iu.test(location);
}
