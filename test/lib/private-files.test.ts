import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.ts';
import { FakeClock } from '../../lib/clock.ts';
import { createLogger } from '../../lib/logger.ts';
import { DEFAULT_NOW, incoming, tempDir, testConfig } from '../helpers.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('files holding personal data', () => {
  it('are made readable by their owner only: the data folder, the database and its -wal/-shm, the log, the key file', async () => {
    const dataDir = join(tempDir(), 'data');
    const config = testConfig(dataDir, { LOG_FILE: join(dataDir, 'tgpl.log') });
    const app = await createApp(config, { clock: new FakeClock(DEFAULT_NOW), logger: createLogger({ level: 'info', file: config.logFile }) });
    await app.assistant.handle(incoming('menu'));
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(config.databasePath)).toBe(0o600);
    for (const suffix of ['-wal', '-shm']) expect(existsSync(`${config.databasePath}${suffix}`) && mode(`${config.databasePath}${suffix}`)).toBe(0o600);
    expect(mode(config.logFile)).toBe(0o600);
    expect(mode(config.dataKeys.file)).toBe(0o600);
    await app.close();
  });

  it('made by an earlier version with looser permissions are tightened on start', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const config = testConfig(dataDir, { LOG_FILE: join(dataDir, 'tgpl.log') });
    for (const file of [config.databasePath, `${config.databasePath}-wal`, config.logFile]) writeFileSync(file, '', { mode: 0o644 });
    for (const file of [config.databasePath, `${config.databasePath}-wal`, config.logFile]) chmodSync(file, 0o644);
    const app = await createApp(config, { clock: new FakeClock(DEFAULT_NOW), logger: createLogger({ level: 'info', file: config.logFile }) });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(config.databasePath)).toBe(0o600);
    expect(mode(`${config.databasePath}-wal`)).toBe(0o600);
    expect(mode(config.logFile)).toBe(0o600);
    await app.close();
  });
});
