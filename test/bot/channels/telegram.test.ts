import { afterEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../../bot/channels/telegram.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { FakeTelegramApi } from '../../fakes/fake-telegram-api.ts';
import { testApp, testConfig } from '../../helpers.ts';
import type { Reply } from '../../../bot/message.ts';

const running: Array<{ channel: TelegramChannel; api: FakeTelegramApi }> = [];
afterEach(async () => {
  for (const { channel, api } of running.splice(0)) {
    await channel.stop();
    await api.stop();
  }
});

async function telegram(webhook?: { port: number; secret: string; maxBodyBytes?: number }, env: Record<string, string> = {}) {
  const api = await new FakeTelegramApi().start();
  const app = await testApp(testConfig(undefined, { RATE_LIMIT_PER_MINUTE: '30', ...env }));
  const channel = new TelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    pipeline: app.pipeline,
    logger: silentLogger,
    webhook: webhook ? { url: `https://127.0.0.1:${webhook.port}/tg-hook`, port: webhook.port, secret: webhook.secret, host: '127.0.0.1', maxBodyBytes: webhook.maxBodyBytes } : undefined,
  });
  app.pipeline.register(channel);
  await channel.start();
  await app.pipeline.start();
  running.push({ channel, api });
  return { api, app, channel };
}

/** Sends replies to a chat through the outbox, as a turn would, and waits until they are sent. */
async function sendThroughOutbox(app: Awaited<ReturnType<typeof testApp>>, chatId: string, replies: Reply[]) {
  await app.pipeline.send({ channel: 'telegram', chatId }, replies);
  await app.pipeline.idle();
}

const buttons = (m: { reply_markup?: { inline_keyboard: Array<Array<{ callback_data: string }>> } }) =>
  m.reply_markup?.inline_keyboard.map((row) => row[0]!.callback_data) ?? [];

describe('Telegram channel over a fake Bot API', () => {
  it('sets its commands, greets on /start with buttons, and answers a button press', async () => {
    const { api } = await telegram();
    expect(api.calls.some((c) => c.method === 'setMyCommands')).toBe(true);
    api.text(42, '/start');
    await api.until(() => api.to(42).length >= 2);
    expect(api.to(42)[0]!.text).toContain('Xin chào');
    expect(buttons(api.to(42)[1]!)).toEqual(['menu:ask', 'menu:check', 'menu:request', 'menu:lookup', 'menu:staff', 'menu:about', 'menu:forms']);
    api.press(42, 'menu:about');
    await api.until(() => api.to(42).some((m) => m.text.includes('Điều 27')));
    expect(api.calls.some((c) => c.method === 'answerCallbackQuery')).toBe(true);
  });

  it('files a whole request with buttons and words, and the branch gets it', async () => {
    const { api, app } = await telegram();
    const say = async (text: string, press = false) => {
      const before = api.to(7).length;
      if (press) api.press(7, text);
      else api.text(7, text);
      await api.until(() => api.to(7).length > before);
      await new Promise((r) => setTimeout(r, 30));
      return api.to(7).slice(before);
    };
    await say('menu:request', true);
    await say('intake:consent:yes', true);
    await say('intake:forWhom:self', true);
    await say('Lò Văn Páo');
    await say('1958');
    await say('0912345678');
    await say('xã Song Pe, huyện Bắc Yên, Sơn La');
    await say('intake:group:1', true);
    // The field is read from the story ("đất"), so it is not asked.
    await say('Hàng xóm lấn đất nhà tôi từ năm ngoái');
    await say('intake:deadline:none', true);
    const summary = await say('intake:contact:message', true);
    expect(summary.at(-1)!.text).toContain('• Họ tên người cần giúp: Lò Văn Páo');
    expect(summary.at(-1)!.text).toContain('• Lĩnh vực: Đất đai');
    // A button of an earlier question is not taken as the answer to this one.
    await say('intake:deadline:none', true);
    await new Promise((r) => setTimeout(r, 100));
    const again = api.to(7).slice(-3).map((m) => m.text).join('\n');
    expect(again).toContain('Nút bạn vừa bấm thuộc câu hỏi trước rồi');
    expect(again).toContain('Bạn xem lại thông tin');
    const done = await say('intake:summary:send', true);
    expect(done[0]!.text).toContain('TG-2026-000001');
    expect((await app.intake.tickets.get('TG-2026-000001'))!).toMatchObject({ channel: 'telegram', chatId: '7', branchId: 'cn-bac-yen' });
  });

  it('sends a 6,000-character answer as two messages, split at a paragraph', async () => {
    const { api, app } = await telegram();
    const paragraph = `${'Điều 7. Người được trợ giúp pháp lý gồm nhiều diện. '.repeat(58)}`.trim();
    const text = `${paragraph}\n\n${paragraph}`;
    expect(text.length).toBeGreaterThan(5800);
    await sendThroughOutbox(app, '99', [{ text, choices: [{ id: 'menu:ask', label: 'Hỏi tiếp' }] }]);
    const sent = api.to(99);
    expect(sent).toHaveLength(2);
    expect(sent.every((m) => m.text.length <= 4096)).toBe(true);
    expect(sent[0]!.text).toBe(paragraph);
    expect(buttons(sent[0]!)).toEqual([]);
    expect(buttons(sent[1]!)).toEqual(['menu:ask']);
  });

  it('sends legal text with *, _ and [ unchanged, with no parse mode to break', async () => {
    const { api, app } = await telegram();
    await sendThroughOutbox(app, '5', [{ text: 'Điểm a) *khoản* 2_3 [Điều 7' }]);
    expect(api.to(5)[0]!.text).toBe('Điểm a) *khoản* 2_3 [Điều 7');
    expect(api.calls.filter((c) => c.method === 'sendMessage').every((c) => c.body.parse_mode === undefined)).toBe(true);
  });

  it('acts once on an update delivered twice', async () => {
    const { api } = await telegram();
    const update = api.text(11, '6');
    await api.until(() => api.to(11).length >= 2);
    api.pushAgain(update);
    api.text(11, 'gioi thieu');
    await api.until(() => api.to(11).length >= 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.to(11).filter((m) => m.text.includes('Điều 27'))).toHaveLength(2);
    expect(api.to(11)).toHaveLength(4);
  });

  it('answers politely when one person sends too fast', async () => {
    const { api } = await telegram(undefined, { RATE_LIMIT_PER_MINUTE: '2' });
    for (const t of ['6', '6', '6', '6']) api.text(12, t);
    await api.until(() => api.to(12).some((m) => m.text.includes('nhắn nhanh quá')));
    await new Promise((r) => setTimeout(r, 100));
    expect(api.to(12).filter((m) => m.text.includes('nhắn nhanh quá'))).toHaveLength(1);
  });

  it('reads only staff commands in a staff group', async () => {
    const { api } = await telegram();
    api.text(-100, 'mọi người ơi họp lúc 2 giờ', { group: true, userId: 501 });
    api.text(-100, '/ds@tgpl_test_bot', { group: true, userId: 501 });
    await api.until(() => api.to(-100).length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.to(-100)).toHaveLength(1);
    expect(api.to(-100)[0]!.text).toBe('Lệnh này chỉ dành cho cán bộ trợ giúp pháp lý.');
  });

  it('takes updates by webhook only with the right secret token', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { api } = await telegram({ port, secret: 'right-secret' });
    expect(api.calls.find((c) => c.method === 'setWebhook')?.body).toMatchObject({ url: `https://127.0.0.1:${port}/tg-hook`, secret_token: 'right-secret' });
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'A' }, text: '6' } };
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/tg-hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    const wrong = await post('wrong-secret');
    expect(wrong.status).toBe(403);
    await new Promise((r) => setTimeout(r, 100));
    expect(api.to(77)).toHaveLength(0);
    const right = await post('right-secret');
    expect(right.status).toBe(200);
    await api.until(() => api.to(77).some((m) => m.text.includes('Điều 27')));
  });
});
