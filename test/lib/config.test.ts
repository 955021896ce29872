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
