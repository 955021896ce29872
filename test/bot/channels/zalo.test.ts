import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CloseReason, LoginQRCallbackEventType, ThreadType, type LoginQRCallbackEvent } from 'zca-js';
import { onQrEvent } from '../../../bot/channels/zalo-login.ts';
import { ZaloChannel } from '../../../bot/channels/zalo.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { FakeZaloApi } from '../../fakes/fake-zalo-api.ts';
import { modulesToPng, sampleModules } from '../../fakes/qr-png.ts';
import { tempDir, testApp, testConfig } from '../../helpers.ts';

async function zalo(rateLimitPerMinute = 30) {
  const fake = new FakeZaloApi();
  const app = await testApp(testConfig(undefined, { RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute) }));
  const channel = new ZaloChannel({
    connect: async () => fake.api,
    pipeline: app.pipeline,
    logger: silentLogger,
    isGroupChat: (chatId) => app.intake.directory.isStaffChat('zalo', chatId),
    backoff: { initialMs: 10, maxMs: 40 },
  });
  app.pipeline.register(channel);
  await channel.start();
  await app.pipeline.start();
  return { fake, app, channel };
}

describe('Zalo channel with a fake zca-js API', () => {
  it('answers a user thread with choices as numbered lines', async () => {
    const { fake, channel } = await zalo();
    fake.user('u1', 'alo');
    await fake.until(() => fake.to('u1').length >= 2);
    expect(fake.to('u1')[1]!.msg).toContain('1. Hỏi đáp pháp luật\n2. Kiểm tra có được trợ giúp pháp lý không');
    expect(fake.to('u1')[1]!.type).toBe(ThreadType.User);
    fake.user('u1', '2');
    await fake.until(() => fake.to('u1').some((m) => m.msg.includes('bao nhiêu tuổi')));
    await channel.stop();
  });

  it('acts once on a message delivered twice, and ignores its own messages', async () => {
    const { fake, channel } = await zalo();
    const message = fake.user('u2', '6');
    await fake.until(() => fake.to('u2').length >= 2);
    fake.again(message);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.to('u2')).toHaveLength(2);
    await channel.stop();
  });

  it('reads only staff commands in a group thread and refuses them from non-staff', async () => {
    const { fake, channel } = await zalo();
    fake.group('g1', 'u3', 'họp lúc 2 giờ nhé');
    fake.group('g1', 'u3', '/ds');
    await fake.until(() => fake.to('g1').length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('g1')).toEqual([{ threadId: 'g1', type: ThreadType.Group, msg: 'Lệnh này chỉ dành cho cán bộ trợ giúp pháp lý.' }]);
    await channel.stop();
  });

  it('splits a long message under Zalo\'s limit', async () => {
    const { fake, app, channel } = await zalo();
    await app.pipeline.send({ channel: 'zalo', chatId: 'u4' }, [{ text: `${'Câu dài về trợ giúp pháp lý. '.repeat(150)}` }]);
    await app.pipeline.idle();
    expect(fake.to('u4').length).toBeGreaterThan(1);
    expect(fake.to('u4').every((m) => m.msg.length <= 2000)).toBe(true);
    await channel.stop();
  });

  it('says politely it reads text only when a sticker arrives', async () => {
    const { fake, channel } = await zalo();
    fake.sticker('u5');
    await fake.until(() => fake.to('u5').length >= 1);
    expect(fake.to('u5')[0]!.msg).toContain('chỉ đọc được tin nhắn chữ');
    await channel.stop();
  });

  it('rate-limits one person politely', async () => {
    const { fake, channel } = await zalo(2);
    for (let i = 0; i < 4; i++) fake.user('u6', '6');
    await fake.until(() => fake.to('u6').some((m) => m.msg.includes('nhắn nhanh quá')));
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.to('u6').filter((m) => m.msg.includes('nhắn nhanh quá'))).toHaveLength(1);
    await channel.stop();
  });

  it('reconnects with growing waits when the listener closes, and not after stop', async () => {
    const { fake, channel } = await zalo();
    expect(fake.listener.started).toBe(1);
    fake.listener.emit('closed', CloseReason.AbnormalClosure, 'network');
    await fake.until(() => fake.listener.started === 2);
    fake.listener.emit('closed', CloseReason.DuplicateConnection, 'zalo web opened');
    await fake.until(() => fake.listener.started === 3);
    expect(channel.reconnects).toBe(2);
    await channel.stop();
    fake.listener.emit('closed', CloseReason.ManualClosure, 'stop');
    await new Promise((r) => setTimeout(r, 80));
    expect(fake.listener.started).toBe(3);
  });
});

describe('Zalo QR login', () => {
  const options = () => {
    const dir = tempDir();
    const lines: string[] = [];
    return { lines, options: { credentialsFile: join(dir, 'zalo', 'credentials.json'), qrFile: join(dir, 'zalo', 'qr.png'), logger: silentLogger, print: (l: string) => lines.push(l) } };
  };
  const actions = () => ({ retry: vi.fn(), abort: vi.fn() });

  it('saves the QR as a PNG and tells the operator', async () => {
    const { lines, options: o } = options();
    const saveToFile = vi.fn(async (path?: string) => path);
    const event: LoginQRCallbackEvent = {
      type: LoginQRCallbackEventType.QRCodeGenerated,
      data: { code: 'c', image: modulesToPng(sampleModules()), options: { enabledCheckOCR: false, enabledMultiLayer: false }, token: 't' },
      actions: { saveToFile, ...actions() },
    };
    expect(await onQrEvent(event, o)).toBe('qr_saved');
    expect(saveToFile).toHaveBeenCalledWith(o.qrFile);
    expect(lines[0]).toContain(o.qrFile);
    expect(lines[1]!.split('\n')).toHaveLength(13);
  });

  it('asks to confirm when scanned, makes a new code when expired, stops when declined', async () => {
    const { lines, options: o } = options();
    const scanned = actions();
    expect(await onQrEvent({ type: LoginQRCallbackEventType.QRCodeScanned, data: { avatar: '', display_name: 'x' }, actions: scanned }, o)).toBe('scanned');
    const expired = actions();
    expect(await onQrEvent({ type: LoginQRCallbackEventType.QRCodeExpired, data: null, actions: expired }, o)).toBe('expired_retry');
    expect(expired.retry).toHaveBeenCalledOnce();
    const declined = actions();
    expect(await onQrEvent({ type: LoginQRCallbackEventType.QRCodeDeclined, data: { code: 'c' }, actions: declined }, o)).toBe('declined');
    expect(declined.abort).toHaveBeenCalledOnce();
    expect(lines).toHaveLength(3);
  });

  it('saves the credentials readable by the owner only', async () => {
    const { options: o } = options();
    const event: LoginQRCallbackEvent = {
      type: LoginQRCallbackEventType.GotLoginInfo,
      data: { cookie: [{ key: 'zpw_sek', value: 'secret' }], imei: 'imei-1', userAgent: 'UA' },
      actions: null,
    };
    expect(await onQrEvent(event, o)).toBe('credentials_saved');
    expect(existsSync(o.credentialsFile)).toBe(true);
    expect(statSync(o.credentialsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(o.credentialsFile, 'utf8'))).toMatchObject({ imei: 'imei-1', userAgent: 'UA' });
  });
});
