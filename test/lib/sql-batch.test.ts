import { describe, expect, it } from 'vitest';
import { inlineParameters } from '../../lib/sql-database.ts';
import { BACKENDS, openBareBackend, type Backend } from '../postgres.ts';

async function openWithTable(backend: Backend) {
  const db = await openBareBackend(backend);
  await db.exec(
    backend === 'sqlite'
      ? 'CREATE TABLE t (id INTEGER PRIMARY KEY, n REAL, who TEXT, raw BLOB)'
      : 'CREATE TABLE t (id SERIAL PRIMARY KEY, n DOUBLE PRECISION, who TEXT, raw BYTEA)',
  );
  await db.exec('CREATE TABLE u (k TEXT PRIMARY KEY)');
  return db;
}

describe('parameters written into the SQL', () => {
  it('names a statement whose parameters do not fit', () => {
    expect(() => inlineParameters({ sql: 'SELECT ?, ?', params: [1] })).toThrow(/too few parameters/);
    expect(() => inlineParameters({ sql: 'SELECT ?', params: [1, 2] })).toThrow(/too many parameters/);
    expect(() => inlineParameters({ sql: 'SELECT ?', params: [Number.NaN] })).toThrow(/finite/);
  });
});

describe.each(BACKENDS)('writing a batch of statements in one call (%s)', (backend) => {
  it('writes every value as given: text with quotes, question marks, backslashes, Vietnamese, emoji; numbers; null; bytes', async () => {
    const db = await openWithTable(backend);
    const texts = ["Lò Văn Páo's \"?\" -- ; DROP TABLE t; \\x41 $$", 'đúng ? dừng', '😀 a\tb', ''];
    await db.batch([
      ...texts.map((who, i) => ({ sql: 'INSERT INTO t (n, who) VALUES (?, ?)', params: [i, who] })),
      { sql: 'INSERT INTO t (n, who, raw) VALUES (?, ?, ?)', params: [-2.5, null, Buffer.from([0, 255, 39])] },
      { sql: "INSERT INTO t (n, who) VALUES (?, '?')", params: [9n] },
    ]);
    const rows = await db.all<{ n: number; who: string | null; raw: Buffer | null }>('SELECT n, who, raw FROM t ORDER BY id');
    expect(rows.map((r) => r.who)).toEqual([...texts, null, '?']);
    expect(rows.map((r) => r.n)).toEqual([0, 1, 2, 3, -2.5, 9]);
    expect(rows[4]!.raw).toEqual(Buffer.from([0, 255, 39]));
    // Stored as text (not as a blob), so text comparisons find it.
    if (backend === 'sqlite') expect((await db.get<{ t: string }>('SELECT typeof(who) AS t FROM t WHERE n = 1'))!.t).toBe('text');
    expect(await db.get('SELECT n FROM t WHERE who = ?', ['đúng ? dừng'])).toEqual({ n: 1 });
  });

  it('is one transaction: a failing statement leaves nothing of its batch', async () => {
    const db = await openWithTable(backend);
    await db.run('INSERT INTO u (k) VALUES (?)', ['taken']);
    await expect(
      db.batch([
        { sql: 'INSERT INTO t (n) VALUES (?)', params: [1] },
        { sql: 'INSERT INTO u (k) VALUES (?)', params: ['taken'] },
      ]),
    ).rejects.toThrow(/UNIQUE|duplicate key/);
    expect(await db.all('SELECT n FROM t')).toEqual([]);
    // The connection is usable afterwards (no transaction left open).
    await db.batch([{ sql: 'INSERT INTO t (n) VALUES (?)', params: [2] }]);
    expect(await db.all('SELECT n FROM t')).toEqual([{ n: 2 }]);
  });

  it('commits batches that wait together, and a bad one fails only its own caller', async () => {
    const db = await openWithTable(backend);
    await db.run('INSERT INTO u (k) VALUES (?)', ['taken']);
    // Hold the connection so that the batches queue up behind it.
    let release!: () => void;
    const held = db.transaction(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 5));
    const results = Array.from({ length: 20 }, (_, i) =>
      db.batch([
        { sql: 'INSERT INTO t (n) VALUES (?)', params: [i] },
        ...(i === 7 ? [{ sql: 'INSERT INTO u (k) VALUES (?)', params: ['taken'] }] : []),
      ]),
    );
    release();
    await held;
    const settled = await Promise.allSettled(results);
    expect(settled.map((s) => s.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
    const rows = await db.all<{ n: number }>('SELECT n FROM t ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7));
  });

  it('inside a transaction runs in it, and rolls back with it', async () => {
    const db = await openWithTable(backend);
    await expect(
      db.transaction(async () => {
        await db.batch([{ sql: 'INSERT INTO t (n) VALUES (?)', params: [1] }]);
        expect(await db.all('SELECT n FROM t')).toEqual([{ n: 1 }]);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await db.all('SELECT n FROM t')).toEqual([]);
  });
});

describe.each(BACKENDS)('effects after the commit (%s)', (backend) => {
  it('run after the outermost commit, outside the transaction, and see what it wrote', async () => {
    const db = await openWithTable(backend);
    const seen: unknown[] = [];
    await db.transaction(async () => {
      await db.run('INSERT INTO t (n) VALUES (1)');
      db.afterCommit(() => {
        seen.push(db.inTransaction);
        void db.all('SELECT n FROM t').then((rows) => seen.push(rows));
      });
      await db.transaction(async () => {
        db.afterCommit(() => seen.push('nested'));
      });
      expect(seen).toEqual([]);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([false, 'nested', [{ n: 1 }]]);
  });

  it('never run when the transaction, or the savepoint they were asked in, rolls back', async () => {
    const db = await openWithTable(backend);
    const seen: string[] = [];
    await db.transaction(async () => {
      await db
        .transaction(async () => {
          db.afterCommit(() => seen.push('inner'));
          throw new Error('inner fails');
        })
        .catch(() => undefined);
      db.afterCommit(() => seen.push('outer'));
    });
    await expect(
      db.transaction(async () => {
        db.afterCommit(() => seen.push('rolled back'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(seen).toEqual(['outer']);
  });

  it('run at once outside a transaction', () => {
    return openWithTable(backend).then((db) => {
      const seen: string[] = [];
      db.afterCommit(() => seen.push('now'));
      expect(seen).toEqual(['now']);
    });
  });
});
