import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../lib/sqlite.ts';
import { tempDir } from '../helpers.ts';

describe('the SQLite file', () => {
  it('runs concurrent transactions one after another instead of nesting them', async () => {
    const db = await SqliteDatabase.open(join(tempDir(), 'x.sqlite'));
    await db.exec('CREATE TABLE t (n INTEGER)');
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction(async () => {
          await db.run('INSERT INTO t (n) VALUES (?)', [i]);
          await new Promise((r) => setTimeout(r, 2));
          await db.run('INSERT INTO t (n) VALUES (?)', [i]);
        }),
      ),
    );
    expect((await db.get<{ c: number }>('SELECT count(*) AS c FROM t'))!.c).toBe(20);
    await expect(db.transaction(async () => {
      await db.run('INSERT INTO t (n) VALUES (99)');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await db.get<{ c: number }>('SELECT count(*) AS c FROM t WHERE n = 99'))!.c).toBe(0);
    await db.close();
  });
});
