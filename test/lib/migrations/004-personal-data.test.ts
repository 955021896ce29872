import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TicketStore } from '../../../intake/tickets/ticket-store.ts';
import { KeyFileError } from '../../../lib/data-keys.ts';
import { migrate, schemaVersion } from '../../../lib/migrate.ts';
import { MIGRATIONS } from '../../../lib/migrations/index.ts';
import { SEALED, sealedValueCounts } from '../../../lib/sealed-columns.ts';
import { SqliteDatabase } from '../../../lib/sqlite.ts';
import { openTestDatabase, tempDir } from '../../helpers.ts';

const NAME = 'Lò Văn Páo';
const PHONE = '0912345678';
const ADDRESS = 'bản Pá Hốc, xã Tà Xùa';

/** A file as version 3 wrote it: personal data in plain text everywhere. */
async function version3File(): Promise<string> {
  const path = join(tempDir(), 'tgpl.sqlite');
  const db = await SqliteDatabase.open(path);
  await migrate(db, {}, MIGRATIONS.slice(0, 3));
  const draft = JSON.stringify({ forWhom: 'other', fullName: NAME, birthYear: 1958, phone: PHONE, addressText: ADDRESS, eligibility: 'eligible (7.2)', field: 'dat_dai', description: 'Hàng xóm lấn đất', requester: { name: 'Lò Thị Mai', relation: 'con', phone: '0987 654 321' } });
  await db.exec(`
    INSERT INTO conversations VALUES ('zalo', 'c1', 'u1', '{"flow":"intake","step":"phone","data":{"values":{"fullName":"${NAME}"}},"history":[]}', '2026-01-01T00:00:00Z');
    INSERT INTO ticket_counters VALUES (2026, 2);
    INSERT INTO tickets (number, status, channel, chat_id, user_id, branch_id, draft, urgent, created_at, updated_at)
      VALUES ('TG-2026-000001', 'routed', 'zalo', 'c1', 'u1', 'centre', '${draft}', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
             ('TG-2026-000002', 'done', 'zalo', 'c1', 'u1', 'centre', '${draft}', 0, '2026-01-01T00:00:00Z', '2026-03-05T00:00:00Z');
    INSERT INTO ticket_events (ticket_id, at, actor, action, from_status, to_status, note) VALUES
      (1, '2026-01-01T00:00:00Z', 'zalo:staff', 'note', 'routed', 'routed', 'Đã gọi ${NAME} số ${PHONE}'),
      (2, '2026-02-01T00:00:00Z', 'zalo:staff', 'status', 'in_progress', 'done', '');
    INSERT INTO outbox (channel, chat_id, body, created_at, sent_at) VALUES ('telegram', 'staff', '{"text":"Người dân ${NAME} nhắn: ${ADDRESS}"}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z');
    INSERT INTO inbox (channel, chat_id, message_id, body, received_at) VALUES ('zalo', 'c1', 'm1', '{"text":"Tôi ở ${ADDRESS}, số ${PHONE}"}', '2026-01-01T00:00:00Z');`);
  await db.close();
  return path;
}

function rawBytes(path: string): string {
  return ['', '-wal', '-shm'].map((s) => (existsSync(`${path}${s}`) ? readFileSync(`${path}${s}`).toString('latin1') : '')).join('');
}

/** How a text appears in raw UTF-8 bytes read as latin1. */
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('migration 4: personal data sealed', () => {
  it('seals the plain rows an earlier version wrote, makes phone lookups and closing dates, and leaves no plain text in the file', async () => {
    const path = await version3File();
    expect(rawBytes(path)).toContain(utf8(NAME));
    const { db, vault } = await openTestDatabase(path);
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(existsSync(join(path, '..', 'keys.json'))).toBe(true);
    expect((await sealedValueCounts(db)).plain).toBe(0);
    const tickets = new TicketStore(db, vault);
    const ticket = (await tickets.get('TG-2026-000001'))!;
    expect(ticket).toMatchObject({ fullName: NAME, phone: PHONE, addressText: ADDRESS, closedAt: null, anonymisedAt: null });
    expect((await tickets.get('TG-2026-000002'))!.closedAt).toBe('2026-02-01T00:00:00Z');
    expect((await tickets.events('TG-2026-000001'))[0]!.note).toBe(`Đã gọi ${NAME} số ${PHONE}`);
    // Found by the person's phone or the requester's, however it is typed.
    expect((await tickets.findByPhone('+84 912.345.678')).map((t) => t.number)).toEqual(['TG-2026-000002', 'TG-2026-000001']);
    expect((await tickets.findByPhone('0987654321')).length).toBe(2);
    const state = (await db.get<{ state: string }>('SELECT state FROM conversations'))!.state;
    expect(vault.openJson<{ data: { values: { fullName: string } } }>(state, SEALED.conversationState).data.values.fullName).toBe(NAME);
    await db.close();
    const raw = rawBytes(path);
    for (const secret of [NAME, PHONE, '912345678', ADDRESS, 'Tà Xùa', 'Hàng xóm', 'Lò Thị Mai']) expect(raw, secret).not.toContain(utf8(secret));
  });

  it('refuses to run without the keys when there are rows to seal, and a sealed file without its key file is refused in one line', async () => {
    const path = await version3File();
    const db = await SqliteDatabase.open(path);
    await expect(migrate(db)).rejects.toThrow(/needs the data keys/u);
    expect(await schemaVersion(db)).toBe(3);
    await db.close();
    const opened = await openTestDatabase(path);
    await opened.db.close();
    rmSync(join(path, '..', 'keys.json'));
    const again = await openTestDatabase(path).catch((err: Error) => err);
    expect(again).toBeInstanceOf(KeyFileError);
    expect((again as Error).message).toMatch(/^Thiếu tệp khóa dữ liệu .*keys\.json: cơ sở dữ liệu đã có dữ liệu mã hóa/u);
    expect((again as Error).message).not.toContain('\n');
    // No new key file was made in its place (that would leave the sealed values unreadable).
    expect(existsSync(join(path, '..', 'keys.json'))).toBe(false);
  });
});
