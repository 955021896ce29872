import { describe, expect, it } from 'vitest';
import { createApp } from '../../bot/app.ts';
import { silentLogger } from '../../lib/logger.ts';
import { ConsoleDriver, incoming, render, testApp, testConfig } from '../helpers.ts';

describe('dialogue core through the console channel', () => {
  it('greets a first message it does not understand and shows the menu', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say('alo');
    expect(out).toContain('Xin chào');
    expect(out).toContain('1. Hỏi đáp pháp luật');
    expect(out).toContain('6. Giới thiệu về trợ giúp pháp lý');
    await chat.end();
  });

  it.each(['6', 'gioi thieu', 'Giới thiệu', 'gioi thieuu', 'giói thiệu'])('opens "Giới thiệu" with "%s"', async (line) => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say(line);
    expect(out).toContain('miễn phí');
    expect(out).toContain('1800.1233');
    expect(out).toContain('Bạn cần giúp thêm việc gì ạ?');
    await chat.end();
  });

  it('answers "gặp cán bộ" anywhere with the hotline', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say('gap can bo');
    expect(out).toContain('1800.1233');
    await chat.end();
  });

  it('explains how to use it on "trợ giúp" and keeps the place', async () => {
    const app = await testApp();
    const chat = await new ConsoleDriver(app).start();
    const out = await chat.say('tro giup');
    expect(out).toContain('quay lại');
    expect(out).toContain('1. Hỏi đáp pháp luật');
    await chat.end();
  });

  it('ignores a message delivered twice', async () => {
    const app = await testApp();
    const first = await app.assistant.handle(incoming('6', { messageId: 'same' }));
    const again = await app.assistant.handle(incoming('6', { messageId: 'same' }));
    expect(render(first)).toContain('miễn phí');
    expect(again).toEqual([]);
  });

  it('takes a pressed button by its id', async () => {
    const app = await testApp();
    const replies = await app.assistant.handle(incoming('Giới thiệu', { choice: 'menu:about' }));
    expect(render(replies)).toContain('Điều 27');
  });

  it('keeps each conversation apart', async () => {
    const app = await testApp();
    await app.assistant.handle(incoming('6', { chatId: 'a' }));
    const rows = await app.db.all<{ chat_id: string }>('SELECT chat_id FROM conversations ORDER BY chat_id');
    expect(rows.map((r) => r.chat_id)).toEqual(['a']);
  });

  it('creates its SQLite file on first start', async () => {
    const config = testConfig();
    const app = await createApp(config, { logger: silentLogger });
    await app.close();
    const { existsSync } = await import('node:fs');
    expect(existsSync(config.databasePath)).toBe(true);
  });
});
