import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { PDFParse } from 'pdf-parse';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleChannel } from '../../../bot/channels/console.ts';
import { TelegramChannel } from '../../../bot/channels/telegram.ts';
import { ZaloChannel } from '../../../bot/channels/zalo.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { FakeTelegramApi } from '../../fakes/fake-telegram-api.ts';
import { FakeZaloApi } from '../../fakes/fake-zalo-api.ts';
import { SAMPLE_DRAFT, tempDir, testApp, testConfig } from '../../helpers.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.normalize('NFC').replace(/\s+/gu, ' ');
  } finally {
    await parser.destroy();
  }
}

/** An app with its Telegram channel on a fake Bot API, both stopped after the test. */
async function telegramApp(config?: Parameters<typeof testApp>[0]) {
  const api = await new FakeTelegramApi().start();
  const app = await testApp(config);
  const channel = new TelegramChannel({ token: api.token, apiRoot: api.apiRoot, pipeline: app.pipeline, logger: silentLogger });
  app.pipeline.register(channel);
  await channel.start();
  await app.pipeline.start();
  stops.push(async () => {
    await channel.stop();
    await api.stop();
  });
  return { api, app };
}

describe('a citizen asks for the filled request form (Mẫu 02) in the chat', () => {
  it('Telegram: the PDF arrives as a document (multipart), once, after a failed attempt; the outbox keeps it sealed', async () => {
    const { api, app } = await telegramApp(testConfig(undefined, { DELIVERY_RETRY_BASE_MS: '30', DELIVERY_RETRY_MAX_MS: '60' }));
    const ticket = await app.intake.desk.file({ ...SAMPLE_DRAFT, fullName: 'Lường Thị Xuân' }, { channel: 'telegram', chatId: '77', userId: '77' });
    // The first upload fails (HTTP 500): it is retried, and the file is sent exactly once.
    let failures = 1;
    api.faults = { error500: 1, random: () => (failures-- > 0 ? 0 : 1) };
    api.text(77, 'xin mẫu đơn');
    await api.until(() => api.documents.length >= 1, 15_000);
    await app.pipeline.idle();
    await app.sender.idle();
    expect(api.documents).toHaveLength(1);
    const doc = api.documents[0]!;
    expect(doc.chat_id).toBe('77');
    expect(doc.filename).toBe(`${ticket.number}-mau-02.pdf`);
    expect(doc.caption).toContain(ticket.number);
    expect(doc.data.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(doc.data);
    expect(text).toContain('ĐƠN YÊU CẦU TRỢ GIÚP PHÁP LÝ');
    expect(text).toContain('Họ và tên: Lường Thị Xuân');
    expect(text).toContain(`Số yêu cầu trên trợ lý: ${ticket.number}`);
    // Durable like any outbox message, and sealed at rest (no PDF bytes, no name in the row).
    const rows = await app.db.all<{ body: string; attempts: number; sent_at: string | null }>("SELECT body, attempts, sent_at FROM outbox WHERE channel = 'telegram' AND chat_id = '77'");
    expect(rows.some((r) => r.attempts === 1 && r.sent_at !== null)).toBe(true);
    for (const r of rows) expect(r.body).toMatch(/^enc:v1:/u);
    // The citizen's read of their own data is in the access log.
    const logged = await app.intake.access.list({ ticketNumber: ticket.number });
    expect(logged.map((e) => [e.action, e.actor, e.via])).toContainEqual(['form', 'citizen:telegram', 'telegram']);
  });

  it('Telegram: someone with no request gets a plain answer and no file', async () => {
    const { api, app } = await telegramApp();
    api.text(78, 'xin mẫu đơn');
    await api.until(() => api.to(78).some((m) => m.text.includes('chưa gửi yêu cầu nào')));
    expect(api.documents).toHaveLength(0);
  });

  it('Zalo: the PDF goes as an attachment (zca-js AttachmentSource), picked among two requests', async () => {
    const fake = new FakeZaloApi();
    const app = await testApp();
    const channel = new ZaloChannel({ connect: async () => fake.api, pipeline: app.pipeline, logger: silentLogger, isGroupChat: () => false });
    app.pipeline.register(channel);
    await channel.start();
    await app.pipeline.start();
    stops.push(() => channel.stop());
    const first = await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'zalo', chatId: 'zu', userId: 'zu' });
    const second = await app.intake.desk.file({ ...SAMPLE_DRAFT, field: 'lao_dong' }, { channel: 'zalo', chatId: 'zu', userId: 'zu' });
    fake.user('zu', 'gửi đơn cho tôi');
    await fake.until(() => fake.to('zu').some((m) => m.msg.includes('yêu cầu nào')));
    const list = fake.to('zu').at(-1)!.msg;
    expect(list).toContain(`1. ${second.number}`);
    expect(list).toContain(`2. ${first.number}`);
    fake.user('zu', '2');
    await fake.until(() => fake.to('zu').some((m) => m.attachments !== undefined));
    const sent = fake.to('zu').find((m) => m.attachments)!;
    expect(sent.msg).toContain(first.number);
    expect(sent.attachments![0]!.filename).toBe(`${first.number}-mau-02.pdf`);
    expect(sent.attachments![0]!.totalSize).toBe(sent.attachments![0]!.data.length);
    expect(await pdfText(sent.attachments![0]!.data)).toContain('Lĩnh vực: Đất đai');
  });

  it('console: the file is saved owner-only under the files folder and its place is printed', async () => {
    const app = await testApp();
    await app.intake.desk.file(SAMPLE_DRAFT, { channel: 'console', chatId: 'me', userId: 'me' });
    const files = join(tempDir(), 'files');
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString()));
    const channel = new ConsoleChannel(app.assistant, { input, output, userId: 'me', interactive: false, filesDir: files });
    await channel.start();
    input.end('xin mẫu đơn\n');
    await channel.finished;
    const saved = readdirSync(files);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/TG-\d{4}-000001-mau-02\.pdf$/u);
    expect(printed).toContain(`Tệp đã lưu tại: ${join(files, saved[0]!)}`);
    expect(statSync(join(files, saved[0]!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(files, saved[0]!)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
