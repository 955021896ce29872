import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.ts';
import { createLogger } from '../../lib/logger.ts';
import { FakeClock } from '../../lib/clock.ts';
import { ConsoleDriver, DEFAULT_NOW, tempDir, testConfig } from '../helpers.ts';

describe('logs', () => {
  it('hold no names, phone numbers or message text, even at trace level', async () => {
    const dir = tempDir();
    const file = join(dir, 'tgpl.log');
    const app = await createApp(testConfig(dir), { clock: new FakeClock(DEFAULT_NOW), logger: createLogger({ level: 'trace', file }) });
    const chat = await new ConsoleDriver(app, 'person-1').start();
    for (const line of ['gui yeu cau', 'dong y', '1', 'Lò Văn Páo', '1958', '0912 345 678', 'xã Tà Xùa, Sơn La', '1', 'dat dai', 'Hàng xóm lấn đất nhà tôi', '1', '1', 'gui', 'gặp cán bộ', 'Tôi cần gặp gấp']) {
      await chat.say(line);
    }
    await chat.end();
    await app.close();
    const log = readFileSync(file, 'utf8');
    expect(log).toContain('message handled');
    // Timestamps are numbers that may hold any digits ("time":…0912…): they are not what is checked.
    const logged = log.replace(/"time":\d+/gu, '"time":0');
    for (const secret of ['Lò Văn Páo', '0912', 'Hàng xóm', 'gặp gấp', 'person-1', 'Tà Xùa']) expect(logged).not.toContain(secret);
    // Chats appear as a keyed hash: stable, and not the unsalted SHA-256 anyone could recompute.
    expect(log).toContain(app.vault.pseudonym('console', 'person-1'));
    expect(log).not.toContain(createHash('sha256').update('console\u0000person-1').digest('hex').slice(0, 12));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
