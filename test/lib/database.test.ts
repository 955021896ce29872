import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../../bot/conversation-store.ts';
import { createKeyFile, formatEnvKey, KeyFileError, newKey, readKeyFile } from '../../lib/data-keys.ts';
import { openDatabase } from '../../lib/database.ts';
import { tempDir } from '../helpers.ts';

const NOW = new Date('2026-11-21T03:00:00Z');

describe('opening the database with its keys', () => {
  it('makes the key file (owner-only) with a new database, and uses it again after', async () => {
    const dir = tempDir();
    const keys = { file: join(dir, 'keys.json') };
    const first = await openDatabase(join(dir, 'tgpl.sqlite'), keys);
    expect(statSync(keys.file).mode & 0o777).toBe(0o600);
    // Deleted content is overwritten, not left in free pages.
    expect((await first.db.get<{ secure_delete: number }>('PRAGMA secure_delete'))!.secure_delete).toBe(1);
    await new ConversationStore(first.db, first.vault).save('zalo', 'c', 'u', { flow: 'menu', step: 'menu', data: { x: 'Páo' }, history: [] }, NOW);
    await first.db.close();
    const again = await openDatabase(join(dir, 'tgpl.sqlite'), keys);
    expect(again.vault.activeKeyId).toBe(readKeyFile(keys.file).activeId);
    expect((await new ConversationStore(again.db, again.vault).load('zalo', 'c'))!.data).toEqual({ x: 'Páo' });
    await again.db.close();
  });

  it('refuses, in one line, keys that are not the ones the data was sealed with', async () => {
    const dir = tempDir();
    const path = join(dir, 'tgpl.sqlite');
    const { db, vault } = await openDatabase(path, { file: join(dir, 'keys.json') });
    await new ConversationStore(db, vault).save('zalo', 'c', 'u', { flow: 'menu', step: 'menu', data: {}, history: [] }, NOW);
    await db.close();
    const otherFile = join(tempDir(), 'other-keys.json');
    createKeyFile(otherFile, NOW);
    const cases: Array<[{ file: string; envKeys?: string }, string]> = [
      [{ file: join(tempDir(), 'missing.json') }, 'Thiếu tệp khóa dữ liệu'],
      [{ file: otherFile }, `được mã hóa bằng khóa "${vault.activeKeyId}" mà tệp khóa ${otherFile} không có`],
      [{ file: join(dir, 'keys.json'), envKeys: formatEnvKey(newKey(NOW)) }, `được mã hóa bằng khóa "${vault.activeKeyId}" mà DATA_KEYS không có`],
    ];
    for (const [keys, reason] of cases) {
      const refused = await openDatabase(path, keys).catch((err: Error) => err);
      expect(refused).toBeInstanceOf(KeyFileError);
      expect((refused as Error).message).toContain(reason);
      expect((refused as Error).message).not.toContain('\n');
    }
  });
});
