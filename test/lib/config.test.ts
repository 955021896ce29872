import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../lib/config.ts';
import { join } from 'node:path';

describe('configuration', () => {
  it('has embedded defaults: SQLite under data/, shared corpus beside the project', () => {
    const config = loadConfig({});
    expect(config.databasePath).toBe(join(PROJECT_ROOT, 'data', 'tgpl.sqlite'));
    expect(config.knowledgeDirs).toContain(join(PROJECT_ROOT, '..', 'shared', 'corpus'));
    expect(config.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(config.logFile).toBe(join(PROJECT_ROOT, 'data', 'tgpl.log'));
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL = "loud" không hợp lệ (cho phép: fatal, error, warn, info, debug, trace, silent)'],
    [{ TIME_ZONE: 'Mars/Base' }, 'TIME_ZONE = "Mars/Base" không phải múi giờ IANA'],
    [{ AUTO_INGEST: 'maybe' }, 'AUTO_INGEST = "maybe" phải là true hoặc false'],
    [{ CONSOLE_CHANNEL: 'sometimes' }, 'CONSOLE_CHANNEL = "sometimes" không hợp lệ'],
  ])('names the wrong setting in one line: %o', (env, expected) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain(expected);
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('channel settings', () => {
  it('names a wrong secret setting without showing its value', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(/^Lỗi cấu hình: TELEGRAM_BOT_TOKEN không đúng dạng token/u);
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' });
    } catch (err) {
      expect((err as Error).message).not.toContain('not-a-token');
    }
  });

  it('needs a secret with a webhook', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOP', WEBHOOK_URL: 'https://bot.example.vn/tg' })).toThrow(
      'Lỗi cấu hình: WEBHOOK_SECRET cần có khi đặt WEBHOOK_URL',
    );
  });

  it('reads Telegram and Zalo settings', () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOP',
      WEBHOOK_URL: 'https://bot.example.vn/tg',
      WEBHOOK_SECRET: 'a-long-enough-secret',
      ZALO_ENABLED: 'true',
    });
    expect(config.telegram).toMatchObject({ webhook: { url: 'https://bot.example.vn/tg', port: 8443 } });
    expect(config.zalo?.credentialsFile).toMatch(/data\/zalo\/credentials\.json$/u);
    expect(loadConfig({}).telegram).toBeUndefined();
  });
});

describe('personal data settings', () => {
  it('keeps the key file and the retention periods beside the data by default, and never shows DATA_KEYS', () => {
    const config = loadConfig({});
    expect(config.dataKeys).toEqual({ file: join(PROJECT_ROOT, 'data', 'keys.json') });
    expect(config.retentionFile).toBe(join(PROJECT_ROOT, 'intake', 'parameters', 'retention.yaml'));
    expect(loadConfig({ DATA_KEY_FILE: '/secure/tgpl-keys.json', DATA_KEYS: 'k1:abc' }).dataKeys).toEqual({ file: '/secure/tgpl-keys.json', envKeys: 'k1:abc' });
  });

  it('says in one line that SEEN_MESSAGES_KEEP_DAYS moved to the retention file', () => {
    expect(() => loadConfig({ SEEN_MESSAGES_KEEP_DAYS: '30' })).toThrow(
      /^Lỗi cấu hình: SEEN_MESSAGES_KEEP_DAYS không còn dùng: thời gian giữ nằm trong RETENTION_FILE \(mục seenUpdates\)/u,
    );
  });
});

describe('database settings', () => {
  it('keep SQLite when DATABASE_URL is unset, and name PostgreSQL without its password when set', () => {
    const sqlite = loadConfig({});
    expect(sqlite.database.url).toBeUndefined();
    expect(sqlite.knowledgeDatabasePath).toBe(sqlite.databasePath);
    expect(sqlite.health).toBeUndefined();
    const pg = loadConfig({ DATABASE_URL: 'postgres://tgpl:pw-123@db.example:5433/tgpl', WORKER_NAME: 'w2', HEALTH_PORT: '9090' });
    expect(pg.database).toMatchObject({ url: 'postgres://tgpl:pw-123@db.example:5433/tgpl', description: 'postgres://db.example:5433/tgpl', worker: 'w2', poolSize: 10 });
    expect(pg.knowledgeDatabasePath).toBe(join(PROJECT_ROOT, 'data', 'knowledge.sqlite'));
    expect(pg.health).toEqual({ port: 9090, host: '127.0.0.1' });
  });

  it('refuse a DATABASE_URL that is not PostgreSQL in one line, without showing it', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/tgpl' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Lỗi cấu hình: DATABASE_URL phải là địa chỉ PostgreSQL/u);
    expect(message).not.toContain('hunter2');
    expect(() => loadConfig({ PG_POOL_SIZE: '1' })).toThrow(/PG_POOL_SIZE = "1" ít nhất 2/u);
  });
});
