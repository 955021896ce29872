import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../lib/sqlite.ts';
import { openTestDatabase, runTgpl, tempDir } from '../../helpers.ts';


/** A data folder whose database holds one conversation. */
async function dataDir() {
  const dir = tempDir();
  const { db } = await openTestDatabase(join(dir, 'tgpl.sqlite'));
  await db.run("INSERT INTO conversations VALUES ('zalo', 'c1', 'u1', '{}', '2026-01-01T00:00:00Z')");
  return { dir, db };
}

describe('tgpl backup', () => {
  it('copies the database into a new file only its owner can read, while the assistant writes to it', async () => {
    const { dir, db } = await dataDir();
    // The running assistant is in the middle of a transaction: its uncommitted row is not copied.
    let release!: () => void;
    let started!: () => void;
    const inside = new Promise<void>((r) => (started = r));
    const running = db.transaction(async () => {
      await db.run("INSERT INTO conversations VALUES ('zalo', 'c2', 'u2', '{}', '2026-01-01T00:00:00Z')");
      started();
      await new Promise<void>((r) => (release = r));
    });
    await inside;
    const file = join(tempDir(), 'copy.sqlite');
    const result = await runTgpl(['backup', file], { DATA_DIR: dir });
    release();
    await running;
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = await SqliteDatabase.open(file);
    expect(await copy.all('SELECT chat_id FROM conversations')).toEqual([{ chat_id: 'c1' }]);
    expect((await copy.get<{ user_version: number }>('PRAGMA user_version'))!.user_version).toBe((await db.get<{ user_version: number }>('PRAGMA user_version'))!.user_version);
    expect((await copy.get<{ quick_check: string }>('PRAGMA quick_check'))!.quick_check).toBe('ok');
    await copy.close();
    await db.close();
  });

  it('says in one line why a path will not do, and leaves an existing file alone', async () => {
    const { dir, db } = await dataDir();
    await db.close();
    const existing = join(tempDir(), 'exists.sqlite');
    writeFileSync(existing, 'keep me');
    const cases: Array<[string[], RegExp]> = [
      [['backup', join(tempDir(), 'no-such-folder', 'x.sqlite')], /^tgpl backup: Không tạo được tệp sao lưu ".*x\.sqlite": thư mục không tồn tại \(no such folder\)\n$/u],
      [['backup', existing], /^tgpl backup: Không tạo được tệp sao lưu ".*exists\.sqlite": tệp đã có, hãy chọn tên mới \(file exists\)\n$/u],
      [['backup', join(dir, 'tgpl.sqlite')], /^tgpl backup: .*\n$/u],
      [['backup'], /^tgpl backup: cần đúng một tên tệp sao lưu\. Xem: tgpl backup --help\n$/u],
    ];
    for (const [args, line] of cases) {
      const result = await runTgpl(args, { DATA_DIR: dir });
      expect(result.code).toBe(2);
      expect(result.err).toMatch(line);
    }
    const missing = await runTgpl(['backup', join(tempDir(), 'y.sqlite')], { DATA_DIR: join(tempDir(), 'empty') });
    expect(missing.err).toMatch(/^tgpl backup: Không có cơ sở dữ liệu ".*" để sao lưu \(no database file\)\n$/u);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });
});
