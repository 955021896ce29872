import { afterEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../../bot/channels/telegram.ts';
import { silentLogger } from '../../../lib/logger.ts';
import { SEALED } from '../../../lib/sealed-columns.ts';
import { FakeTelegramApi } from '../../fakes/fake-telegram-api.ts';
import { testApp, testConfig } from '../../helpers.ts';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

/** A seeded random source, so a fault pattern is the same on every run. */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

async function setup(env: Record<string, string> = {}, webhook?: { port: number; maxBodyBytes?: number }) {
  const api = await new FakeTelegramApi().start();
  const app = await testApp(testConfig(undefined, { RATE_LIMIT_PER_MINUTE: '600', DELIVERY_RETRY_BASE_MS: '10', DELIVERY_RETRY_MAX_MS: '80', ...env }));
  const channel = new TelegramChannel({
    token: api.token,
    apiRoot: api.apiRoot,
    pipeline: app.pipeline,
    logger: silentLogger,
    webhook: webhook ? { url: `https://127.0.0.1:${webhook.port}/hook`, port: webhook.port, secret: 'right-secret-123456', host: '127.0.0.1', maxBodyBytes: webhook.maxBodyBytes } : undefined,
  });
  app.pipeline.register(channel);
  await channel.start();
  await app.pipeline.start();
  running.push(async () => {
    await channel.stop();
    await app.sender.stop();
    await api.stop();
  });
  return { api, app, channel };
}

/** Numbered messages put in each chat's outbox, as turns and relays do. */
async function enqueueNumbered(app: Awaited<ReturnType<typeof testApp>>, chats: string[], perChat: number) {
  for (let i = 1; i <= perChat; i++) {
    for (const chat of chats) await app.pipeline.send({ channel: 'telegram', chatId: chat }, [{ text: `tin ${i}` }]);
  }
}

const texts = (api: FakeTelegramApi, chat: string) => api.to(chat).map((m) => m.text);
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `tin ${i + 1}`);

describe('delivery through the outbox, over a fake Bot API with faults', () => {
  it('delivers every message exactly once and in order per chat with 20% HTTP 500s and 10% dropped connections', async () => {
    const { api, app } = await setup();
    api.faults = { error500: 0.2, drop: 0.1, random: seeded(7) };
    const chats = Array.from({ length: 10 }, (_, i) => String(100 + i));
    await enqueueNumbered(app, chats, 12);
    await api.until(() => chats.every((c) => api.to(c).length >= 12), 20_000);
    await app.pipeline.idle();
    await new Promise((r) => setTimeout(r, 200));
    for (const c of chats) expect(texts(api, c)).toEqual(numbered(12));
    const waiting = await app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL');
    expect(waiting!.n).toBe(0);
  });

  it('answers every message of a burst once, in order, while sends fail', async () => {
    const { api, app } = await setup();
    api.faults = { error500: 0.2, drop: 0.1, random: seeded(11) };
    const chats = [201, 202, 203, 204, 205];
    for (let round = 0; round < 3; round++) for (const c of chats) api.text(c, 'giới thiệu');
    await api.until(() => chats.every((c) => api.to(c).filter((m) => m.text.includes('Điều 27')).length === 3), 20_000);
    // Replies still waiting for a retry are sent in their time.
    for (let unsent = 1; unsent > 0; ) {
      await app.pipeline.idle();
      unsent = (await app.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL'))!.n;
      if (unsent > 0) await new Promise((r) => setTimeout(r, 50));
    }
    // What was committed for each chat was sent exactly that way.
    for (const c of chats) {
      const rows = await app.db.all<{ body: string }>('SELECT body FROM outbox WHERE chat_id = ? ORDER BY id', [String(c)]);
      expect(texts(api, String(c))).toEqual(rows.map((r) => app.vault.openJson<{ text: string }>(r.body, SEALED.outboxBody).text));
    }
  });

  it('waits as long as a 429 asks (retry_after) and then sends once', async () => {
    const { api, app } = await setup();
    let first = true;
    api.faults = { tooMany: { share: 1, retryAfter: 1 }, random: () => (first ? ((first = false), 0) : 1) };
    const start = Date.now();
    await app.pipeline.send({ channel: 'telegram', chatId: '301' }, [{ text: 'một' }, { text: 'hai' }]);
    await api.until(() => api.to('301').length >= 2, 5000);
    expect(api.sentAt.find((s) => s.chat_id === '301')!.at - start).toBeGreaterThanOrEqual(950);
    expect(texts(api, '301')).toEqual(['một', 'hai']);
  });

  it('parks a message Telegram refuses for good, with its reason, and goes on with other chats', async () => {
    const { api, app } = await setup();
    api.faults = { refused: new Set(['401']) };
    await app.pipeline.send({ channel: 'telegram', chatId: '401' }, [{ text: 'không tới được' }, { text: 'cũng không' }]);
    await app.pipeline.send({ channel: 'telegram', chatId: '402' }, [{ text: 'tới' }]);
    await api.until(() => api.to('402').length === 1);
    await app.pipeline.idle();
    const parked = await app.db.all<{ park_reason: string; attempts: number }>("SELECT park_reason, attempts FROM outbox WHERE chat_id = '401'");
    expect(parked).toHaveLength(2);
    expect(parked.every((p) => p.park_reason.includes('chat not found'))).toBe(true);
    // Each was tried once, not again and again.
    expect(api.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === '401')).toHaveLength(2);
    expect(parked.every((p) => p.attempts === 0)).toBe(true);
  });

  it('does not make other chats wait for a slow one', async () => {
    const { api, app } = await setup();
    api.faults = { slow: new Map([['501', 1500]]) };
    const start = Date.now();
    await app.pipeline.send({ channel: 'telegram', chatId: '501' }, [{ text: 'chậm 1' }, { text: 'chậm 2' }]);
    await enqueueNumbered(app, ['502', '503'], 5);
    await api.until(() => api.to('502').length === 5 && api.to('503').length === 5);
    expect(Date.now() - start).toBeLessThan(1400);
    expect(api.to('501')).toHaveLength(0);
    await api.until(() => api.to('501').length === 2, 5000);
    expect(texts(api, '501')).toEqual(['chậm 1', 'chậm 2']);
  });

  it('keeps answering new chats while hundreds of others wait for a retry', async () => {
    const { api, app } = await setup();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await app.db.transaction(async () => {
      for (let i = 0; i < 600; i++) {
        await app.db.run("INSERT INTO outbox (channel, chat_id, body, created_at, attempts, next_attempt_at) VALUES ('telegram', ?, '{\"text\":\"x\"}', ?, 1, ?)", [`w${i}`, later, later]);
      }
    });
    await app.sender.wake();
    await app.pipeline.send({ channel: 'telegram', chatId: '701' }, [{ text: 'mới' }]);
    api.text(702, 'giới thiệu');
    await api.until(() => api.to('701').length === 1 && api.to(702).some((m) => m.text.includes('Điều 27')), 5000);
    // The waiting chats were not tried before their time.
    expect(api.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id).startsWith('w'))).toHaveLength(0);
  });

  it('cuts a text at an emoji without leaving half of it', async () => {
    const { api, app } = await setup();
    const text = `${'a'.repeat(3999)}😀${'b'.repeat(100)}`;
    await app.pipeline.send({ channel: 'telegram', chatId: '601' }, [{ text }]);
    await api.until(() => api.to('601').length === 2);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
    expect(api.to('601').some((m) => lone.test(m.text))).toBe(false);
    expect(api.to('601').map((m) => m.text).join('')).toBe(text);
  });
});

describe('the webhook endpoint', () => {
  const post = (port: number, body: string, secret = 'right-secret-123456') =>
    fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body });

  it('refuses bodies that are not updates or are too big, and keeps serving', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { api } = await setup({}, { port, maxBodyBytes: 64 * 1024 });
    expect((await post(port, 'null')).status).toBe(400);
    expect((await post(port, '[1,2]')).status).toBe(400);
    expect((await post(port, '{"update_id":1,"message":null}')).status).toBe(400);
    expect((await post(port, '{"update_id":')).status).toBe(400);
    const big = await post(port, JSON.stringify({ update_id: 2, message: { text: 'x'.repeat(200_000) } })).catch(() => ({ status: 413 }));
    expect(big.status).toBe(413);
    expect((await post(port, '{}', 'wrong')).status).toBe(403);
    const update = { update_id: 3, message: { message_id: 1, date: 0, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'A' }, text: 'giới thiệu' } };
    expect((await post(port, JSON.stringify(update))).status).toBe(200);
    await api.until(() => api.to(77).some((m) => m.text.includes('Điều 27')));
  });
});
