import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { tempDir } from '../helpers.ts';

/** A promise and the function that resolves it. */
function signal() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

async function openWithTable() {
  const db = await SqliteDatabase.open(join(tempDir(), 'x.sqlite'));
  await db.exec('CREATE TABLE t (n INTEGER, who TEXT)');
  return db;
}

const count = async (db: SqliteDatabase, where = '1') => (await db.get<{ c: number }>(`SELECT count(*) AS c FROM t WHERE ${where}`))!.c;

/** A store of its own over the same database, as the app's stores are. */
class Notes {
  constructor(private readonly db: SqliteDatabase) {}
  add(who: string, n: number) {
    return this.db.run('INSERT INTO t (n, who) VALUES (?, ?)', [n, who]);
  }
}

describe('the SQLite file', () => {
  it('runs concurrent transactions one after another instead of nesting them', async () => {
    const db = await openWithTable();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction(async () => {
          await db.run('INSERT INTO t (n) VALUES (?)', [i]);
          await new Promise((r) => setTimeout(r, 2));
          await db.run('INSERT INTO t (n) VALUES (?)', [i]);
        }),
      ),
    );
    expect(await count(db)).toBe(20);
    await expect(db.transaction(async () => {
      await db.run('INSERT INTO t (n) VALUES (99)');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await count(db, 'n = 99')).toBe(0);
    await db.close();
  });

  it("keeps another conversation's insert when a transaction running meanwhile rolls back", async () => {
    const db = await openWithTable();
    const inside = signal();
    const fail = signal();
    const a = db.transaction(async () => {
      await db.run("INSERT INTO t (n, who) VALUES (1, 'A')");
      inside.release();
      await fail.promise;
      throw new Error('A fails');
    });
    await inside.promise;
    // B, outside A's transaction, while A is open.
    const b = db.run("INSERT INTO t (n, who) VALUES (2, 'B')");
    await tick(20);
    fail.release();
    await expect(a).rejects.toThrow('A fails');
    await b;
    expect(await db.all('SELECT n, who FROM t')).toEqual([{ n: 2, who: 'B' }]);
    await db.close();
  });

  it("never shows another conversation a transaction's uncommitted rows: its reads wait for the end", async () => {
    const db = await openWithTable();
    const inside = signal();
    const end = signal();
    const a = db.transaction(async () => {
      await db.run("INSERT INTO t (n, who) VALUES (1, 'A')");
      expect(await count(db)).toBe(1); // A sees its own row
      inside.release();
      await end.promise;
      throw new Error('rolled back');
    });
    await inside.promise;
    let seen: number | undefined;
    const read = count(db).then((c) => (seen = c));
    await tick(20);
    expect(seen).toBeUndefined(); // still waiting: A is open
    end.release();
    await expect(a).rejects.toThrow('rolled back');
    await read;
    expect(seen).toBe(0);
    await db.close();
  });

  it('runs the statements of other store objects called from the work inside the transaction', async () => {
    const db = await openWithTable();
    const notes = new Notes(db);
    const deep = async (who: string) => {
      await tick(1);
      await notes.add(who, 1);
    };
    await expect(db.transaction(async () => {
      await deep('A');
      await Promise.all([deep('A'), deep('A')]);
      setTimeout(() => undefined, 0);
      throw new Error('undo all of it');
    })).rejects.toThrow();
    expect(await count(db)).toBe(0);
    await db.transaction(() => deep('A'));
    expect(await count(db)).toBe(1);
    await db.close();
  });

  it('runs a transaction inside a transaction as a savepoint, without waiting for itself', async () => {
    const db = await openWithTable();
    const result = await db.transaction(async () => {
      await db.run("INSERT INTO t (n, who) VALUES (1, 'outer')");
      const inner = await db.transaction(async () => {
        await db.run("INSERT INTO t (n, who) VALUES (2, 'inner')");
        return db.transaction(async () => {
          await db.run("INSERT INTO t (n, who) VALUES (3, 'innermost')");
          return 'deep';
        });
      });
      // A failed inner transaction undoes only its own writes; the outer one goes on.
      await expect(db.transaction(async () => {
        await db.run("INSERT INTO t (n, who) VALUES (4, 'failed')");
        throw new Error('inner fails');
      })).rejects.toThrow('inner fails');
      // Nested transactions started together run one after another.
      await Promise.all([5, 6, 7].map((n) => db.transaction(async () => {
        await db.run('INSERT INTO t (n, who) VALUES (?, ?)', [n, 'parallel']);
        await tick(2);
        await db.run('INSERT INTO t (n, who) VALUES (?, ?)', [n, 'parallel']);
      })));
      return inner;
    });
    expect(result).toBe('deep');
    expect((await db.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).map((r) => r.n)).toEqual([1, 2, 3, 5, 5, 6, 6, 7, 7]);
    expect(db.inTransaction).toBe(false);
    await db.close();
  });

  it('treats a statement left behind by a finished transaction as an outside one', async () => {
    const db = await openWithTable();
    let late: Promise<unknown> | undefined;
    await db.transaction(async () => {
      late = tick(10).then(() => db.run("INSERT INTO t (n, who) VALUES (1, 'late')"));
    });
    const other = signal();
    const holding = db.transaction(async () => {
      await other.promise;
      await db.run("INSERT INTO t (n, who) VALUES (2, 'B')");
      throw new Error('B fails');
    });
    await tick(20);
    other.release();
    await expect(holding).rejects.toThrow('B fails');
    await late;
    expect(await db.all('SELECT n, who FROM t')).toEqual([{ n: 1, who: 'late' }]);
    await db.close();
  });

  it('keeps every transaction whole under many interleaved transactions and statements', async () => {
    const db = await openWithTable();
    await db.exec("CREATE TABLE counter (id INTEGER PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)");
    let expected = 0;
    const jobs: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i += 1) {
      const fails = i % 7 === 3;
      jobs.push(
        db
          .transaction(async () => {
            // A read-modify-write that would lose updates if another statement slipped in between.
            const { v } = (await db.get<{ v: number }>('SELECT v FROM counter WHERE id = 1'))!;
            await tick(i % 3);
            await db.run('UPDATE counter SET v = ? WHERE id = 1', [v + 1]);
            await db.run('INSERT INTO t (n, who) VALUES (?, ?)', [i, 'tx']);
            if (fails) throw new Error('fails');
          })
          .then(() => (expected += 1), () => undefined),
      );
    }
    // Other conversations' plain statements, issued all along while the transactions run.
    const plain = (async () => {
      for (let i = 0; i < 200; i += 1) {
        await tick(i % 2);
        jobs.push(db.run('INSERT INTO t (n, who) VALUES (?, ?)', [i, 'plain']));
        if (i % 10 === 0) jobs.push(db.all('SELECT * FROM t'));
      }
    })();
    await plain;
    await Promise.all(jobs);
    expect((await db.get<{ v: number }>('SELECT v FROM counter'))!.v).toBe(expected);
    expect(expected).toBe(200 - Math.floor((200 - 4) / 7) - 1);
    expect(await count(db, "who = 'tx'")).toBe(expected);
    expect(await count(db, "who = 'plain'")).toBe(200);
    await db.close();
  });

  it('closes only after the work under way', async () => {
    const db = await openWithTable();
    const running = db.transaction(async () => {
      await tick(20);
      await db.run('INSERT INTO t (n) VALUES (1)');
    });
    await tick(1);
    await db.close();
    await running;
    const again = await SqliteDatabase.open(db.path);
    expect(await count(again)).toBe(1);
    await again.close();
  });
});
