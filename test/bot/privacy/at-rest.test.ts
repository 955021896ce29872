/**
 * A stolen database file shows no personal data: a full request filed through the real assistant
 * (the channel pipeline, the inbox, the outbox, a handoff with a relayed message, staff notes and
 * replies, a half-filled draft in another chat), then the raw bytes of the SQLite file and its -wal
 * and -shm searched for the person's name, phone number (in several spellings) and address. With the
 * key, everything reads back intact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../bot/app.ts';
import type { IncomingMessage } from '../../../bot/message.ts';
import { FakeClock } from '../../../lib/clock.ts';
import { createLogger } from '../../../lib/logger.ts';
import { sealedValueCounts } from '../../../lib/sealed-columns.ts';
import { DEFAULT_NOW, incoming, tempDir, testConfig } from '../../helpers.ts';

const NAME = 'Quàng Thị Nguyệt Hằng';
const HAMLET = 'bản Khe Vằn Thượng';
const ADDRESS = `${HAMLET}, xã Tà Xùa, Sơn La`;
const PHONE_TYPED = '0356 789 012';
const STORY = 'Chồng cũ giữ sổ đỏ mảnh đất ở Khe Vằn, không chịu chia sau ly hôn';

/** What must not be found in the file, as a thief would search: with and without diacritics, every spelling of the phone. */
const SECRETS = [
  NAME, 'Quang Thi Nguyet Hang', 'Nguyệt Hằng', 'Nguyet Hang',
  '0356789012', '0356 789 012', '0356.789.012', '356789012', '84356789012', '+84 356 789 012', '035 678 9012',
  HAMLET, 'Khe Vằn Thượng', 'Khe Van Thuong', 'Khe Vằn', 'sổ đỏ mảnh đất', 'so do manh dat',
  'Hoàng Văn Sinh', '0977 111 222', '0977111222',
];

function rawFiles(path: string): Array<[string, Buffer]> {
  return ['', '-wal', '-shm'].filter((s) => existsSync(`${path}${s}`)).map((s) => [`${path}${s}`, readFileSync(`${path}${s}`)]);
}

describe('personal data at rest', () => {
  it('is nowhere in the raw database file, its -wal or -shm after a full intake; with the key the request reads back intact', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const config = testConfig(dir, { LOG_FILE: join(dir, 'tgpl.log') });
    const clock = new FakeClock(DEFAULT_NOW);
    const app = await createApp(config, { clock, logger: createLogger({ level: 'trace', file: config.logFile }) });
    let id = 0;
    const send = async (text: string, chatId = '5001') => {
      const message: IncomingMessage = { channel: 'telegram', chatId, userId: chatId, text, messageId: String((id += 1)), time: clock.now(), displayName: NAME, chatType: 'private' };
      await app.pipeline.receive(message);
      await app.pipeline.idle();
    };
    for (const line of ['gửi yêu cầu', 'đồng ý', 'cho tôi', NAME, '1958', PHONE_TYPED, ADDRESS, '1', STORY, 'không', 'gọi điện']) await send(line);
    await send('đúng');
    const [ticket] = await app.intake.tickets.listForUser('telegram', '5001');
    expect(ticket).toBeDefined();
    // A handoff: the person writes to staff (relayed through the outbox), staff answer and note.
    await send('gặp cán bộ');
    await send(`Tôi là ${NAME}, gọi tôi số +84 356 789 012 nhé, nhà ở ${HAMLET}`);
    const staff = (text: string) => app.assistant.handle(incoming(text, { chatId: 'staff-centre', userId: 'staff-centre' }));
    await staff(`/tl H-1 Chào chị ${NAME}, cán bộ sẽ gọi số 0356.789.012`);
    await staff(`/ghichu ${ticket!.number} Đã gọi chị Nguyệt Hằng ở ${HAMLET}`);
    expect(await staff(`/xem ${ticket!.number}`)).toEqual([expect.objectContaining({ text: expect.stringContaining(NAME) })]);
    // Someone else leaves a request half-filled (a draft in the conversation state).
    for (const line of ['gửi yêu cầu', 'đồng ý', 'cho tôi', 'Hoàng Văn Sinh', '1980', '0977 111 222']) await send(line, '5002');
    expect((await sealedValueCounts(app.db)).plain).toBe(0);
    await app.close();

    const files = rawFiles(config.databasePath);
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const [file, bytes] of files) {
      for (const secret of SECRETS) {
        for (const form of [secret, secret.normalize('NFD')]) {
          expect(bytes.includes(Buffer.from(form, 'utf8')), `"${secret}" in ${file}`).toBe(false);
          expect(bytes.includes(Buffer.from(form, 'utf16le')), `"${secret}" (UTF-16) in ${file}`).toBe(false);
        }
      }
    }
    const log = readFileSync(config.logFile, 'utf8');
    for (const secret of SECRETS) expect(log, `"${secret}" in the log`).not.toContain(secret);

    // With the key (the same data folder), everything is there.
    const again = await createApp(config, { clock, logger: createLogger({ level: 'silent', file: '-' }) });
    try {
      const read = (await again.intake.tickets.get(ticket!.number))!;
      expect(read).toMatchObject({ fullName: NAME, phone: '0356789012', addressText: ADDRESS, description: STORY, birthYear: 1958 });
      expect((await again.intake.tickets.events(ticket!.number)).map((e) => e.note)).toContain(`Đã gọi chị Nguyệt Hằng ở ${HAMLET}`);
      expect((await again.intake.tickets.findByPhone('+84356789012')).map((t) => t.number)).toEqual([ticket!.number]);
      const relayed = await again.intake.outbox.keptFor('telegram', '5001');
      expect(relayed.some((m) => m.text.includes('+84 356 789 012'))).toBe(true);
      expect(relayed.some((m) => m.text.includes(`Chào chị ${NAME}`))).toBe(true);
    } finally {
      await again.close();
    }
  });
});
