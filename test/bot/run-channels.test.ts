import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../bot/channels/telegram.ts';
import { ZaloChannel } from '../../bot/channels/zalo.ts';
import { startChannels } from '../../bot/run-channels.ts';
import { silentLogger } from '../../lib/logger.ts';
import { FakeTelegramApi } from '../fakes/fake-telegram-api.ts';
import { FakeZaloApi } from '../fakes/fake-zalo-api.ts';
import { tempDir, testApp, testConfig } from '../helpers.ts';

/** A directory whose centre staff work on Telegram (chat 500, user 500). */
function telegramStaffDirectory(): string {
  const file = join(tempDir(), 'directory.yaml');
  writeFileSync(
    file,
    [
      'centre:',
      '  name: Trung tâm thử',
      '  province: "14"',
      '  hours: 8:00–17:00',
      '  staffChats: [{ channel: telegram, chatId: "500" }]',
      'branches: []',
      'staff:',
      '  - { channel: telegram, userId: "500", role: centre }',
    ].join('\n'),
  );
  return file;
}

describe('Telegram and Zalo in one process', () => {
  it('a citizen on Zalo asks for a person, staff on Telegram reply, the citizen receives it', async () => {
    const dir = tempDir();
    const app = await testApp(testConfig(dir, { DIRECTORY_FILE: telegramStaffDirectory() }));
    const api = await new FakeTelegramApi().start();
    const zalo = new FakeZaloApi();
    const channels = [
      new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, pipeline: app.pipeline, logger: silentLogger }),
      new ZaloChannel({ connect: async () => zalo.api, pipeline: app.pipeline, logger: silentLogger, isGroupChat: () => false }),
    ];
    const running = await startChannels(app, channels, () => undefined);
    try {
      expect(running.started.map((c) => c.name).sort()).toEqual(['telegram', 'zalo']);
      zalo.user('citizen-1', 'gặp cán bộ');
      await zalo.until(() => zalo.to('citizen-1').some((m) => m.msg.includes('Mình đã báo cán bộ')));
      await api.until(() => api.to(500).some((m) => m.text.includes('Người dân cần gặp cán bộ: H-1 (zalo)')));
      zalo.user('citizen-1', 'Tôi bị lấn đất');
      await api.until(() => api.to(500).some((m) => m.text === '[H-1] Người dân nhắn: Tôi bị lấn đất'));
      api.text(500, '/tl H-1 Chào bạn, cán bộ đây. Bạn ở xã nào?', { userId: 500 });
      await zalo.until(() => zalo.to('citizen-1').some((m) => m.msg === '💬 Cán bộ: Chào bạn, cán bộ đây. Bạn ở xã nào?'));
      // The staff chat's confirmation goes out beside the citizen's message (chats are sent in parallel).
      await api.until(() => api.to(500).at(-1)!.text.includes('Đã gửi cho người dân (H-1)'));
    } finally {
      await running.stop();
      await api.stop();
    }
  });

  it('keeps the other channels running when one fails to start, with one clear line', async () => {
    const app = await testApp();
    const api = await new FakeTelegramApi().start();
    const lines: string[] = [];
    const channels = [
      new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, pipeline: app.pipeline, logger: silentLogger }),
      new ZaloChannel({
        connect: async () => {
          throw new Error('tài khoản bị khóa');
        },
        pipeline: app.pipeline,
        logger: silentLogger,
        isGroupChat: () => false,
      }),
    ];
    const running = await startChannels(app, channels, (l) => lines.push(l));
    try {
      expect(running.started.map((c) => c.name)).toEqual(['telegram']);
      expect(lines).toEqual(['Kênh zalo không khởi động được: tài khoản bị khóa']);
      api.text(3, '6');
      await api.until(() => api.to(3).some((m) => m.text.includes('Điều 27')));
    } finally {
      await running.stop();
      await api.stop();
    }
  });

  it('stops cleanly, answering a message already being handled', async () => {
    const app = await testApp();
    const zalo = new FakeZaloApi();
    const running = await startChannels(app, [new ZaloChannel({ connect: async () => zalo.api, pipeline: app.pipeline, logger: silentLogger, isGroupChat: () => false })], () => undefined);
    zalo.user('c9', '6');
    await running.stop();
    await zalo.until(() => zalo.to('c9').some((m) => m.msg.includes('Điều 27')));
    expect(zalo.listener.stopped).toBe(1);
  });
});
