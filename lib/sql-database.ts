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
