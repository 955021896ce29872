/**
 * What the stores need of a database, whichever it is: SQLite (lib/sqlite.ts, one file, the embedded
 * default) or PostgreSQL (lib/postgres.ts, chosen by DATABASE_URL, shared by several workers).
 *
 * SQL is written with `?` placeholders and kept portable where it can be; where it cannot (rowid,
 * PRAGMA, INDEXED BY, advisory locks) the store or migration branches on `dialect`, in one place each.
 * `transaction(work)` runs `work` with the connection to itself: statements issued from `work`
 * (however deep, through any store on the same database) run inside it, found by the async context;
 * a transaction inside one is a savepoint.
 */
export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = SqlValue[] | Record<string, SqlValue>;
export type Dialect = 'sqlite' | 'postgres';
/** One statement with its positional parameters, to run later (see SqlDatabase.batch). */
export interface SqlStatement {
  sql: string;
  params?: SqlValue[];
}

export interface SqlDatabase {
  readonly dialect: Dialect;
  /** Where it is, for messages: the SQLite file path, or the PostgreSQL address without its password. */
  readonly path: string;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement; `changes` is the number of rows it wrote (`lastID` is SQLite's only: use `insert`). */
  run(sql: string, params?: SqlParams): Promise<{ lastID: number; changes: number }>;
  /** Runs an INSERT into a table with an integer `id` and resolves to the new row's id. */
  insert(sql: string, params?: SqlValue[]): Promise<number>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Whether the caller runs inside an open transaction on this database. */
  readonly inTransaction: boolean;
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs statements known beforehand as one transaction (a turn's writes), in as few trips as the
   * backend allows (SQLite: one call for the whole transaction, batches waiting committed together).
   * Inside another transaction they run in it.
   */
  batch(statements: readonly SqlStatement[]): Promise<void>;
  /**
   * Runs `effect` once what the caller wrote is committed: at once outside a transaction; inside one,
   * after the outermost commit (never if it rolls back), outside its async context.
   */
  afterCommit(effect: () => void): void;
  /** Leaves no deleted or rewritten content readable in free pages (SQLite VACUUM; PostgreSQL VACUUM). */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The column that orders a table's rows and names one row, for the code that walks every row of a
 * table (sealing, re-sealing): SQLite's rowid; in PostgreSQL the table's id (conversations and
 * surveys, keyed by other columns, have a `rowid` identity column of their own there).
 */
export function rowKey(db: SqlDatabase, table: string): string {
  if (db.dialect === 'sqlite') return 'rowid';
  return table === 'conversations' || table === 'surveys' ? 'rowid' : 'id';
}

/**
 * The statement with its `?` parameters written in as SQL literals of `dialect`, so that several
 * statements can go to the database in one call: NULL, numbers as digits, text and bytes as hex
 * (SQLite: CAST(X'…' AS TEXT) and X'…'; PostgreSQL: convert_from('\x…'::bytea, 'UTF8') and
 * '\x…'::bytea): no quoting to get wrong. A `?` inside a quoted string or name is left alone.
 */
export function inlineParameters({ sql, params = [] }: SqlStatement, dialect: Dialect = 'sqlite'): string {
  let out = '';
  let next = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      out += c;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      out += c;
    } else if (c === '?') {
      if (next >= params.length) throw new Error(`too few parameters for: ${sql.slice(0, 60)}`);
      out += sqlLiteral(params[next++]!, dialect);
    } else {
      out += c;
    }
  }
  if (next !== params.length) throw new Error(`too many parameters for: ${sql.slice(0, 60)}`);
  return out;
}

function sqlLiteral(value: SqlValue, dialect: Dialect): string {
  if (value === null) return 'NULL';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  const hex = (Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')).toString('hex');
  if (dialect === 'postgres') return Buffer.isBuffer(value) ? `'\\x${hex}'::bytea` : `convert_from('\\x${hex}'::bytea, 'UTF8')`;
  return Buffer.isBuffer(value) ? `X'${hex}'` : `CAST(X'${hex}' AS TEXT)`;
}
