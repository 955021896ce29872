import { describe, expect, it } from 'vitest';
import { Outbox } from '../../lib/outbox.ts';
import { openTestDatabase } from '../helpers.ts';
import { BACKENDS, openBackend, type Backend } from '../postgres.ts';

const T0 = new Date('2026-11-21T03:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function openOutbox(backend: Backend) {
  const { db, vault } = await openBackend(backend);
  return { db, outbox: new Outbox(db, vault) };
}

describe.each(BACKENDS)('the outbox (%s)', (backend) => {
  it('reads a bounded batch of what is left to send, oldest first, for the running channels only', async () => {
    const { db, outbox } = await openOutbox(backend);
    for (let i = 0; i < 5; i += 1) {
      await outbox.enqueue({ channel: 'telegram', chatId: `t${i % 2}`, text: `t${i}` }, T0);
      await outbox.enqueue({ channel: 'zalo', chatId: 'z', text: `z${i}`, choices: [{ id: 'a', label: 'A' }] }, T0);
      await outbox.enqueue({ channel: 'console', chatId: 'c', text: `c${i}` }, T0);
    }
    const texts = async (...args: Parameters<Outbox['pending']>) => (await outbox.pending(...args)).map((m) => m.text);
    expect(await texts(['telegram', 'zalo'], 4)).toEqual(['t0', 'z0', 't1', 'z1']);
    expect(await texts(['zalo'])).toEqual(['z0', 'z1', 'z2', 'z3', 'z4']);
    expect(await texts([])).toEqual([]);
    expect((await outbox.pending()).length).toBe(15);
    expect((await outbox.pending(['zalo'], 1))[0]).toMatchObject({ channel: 'zalo', chatId: 'z', text: 'z0', choices: [{ id: 'a', label: 'A' }] });

    const [first, second, third] = await outbox.pending(['telegram'], 3);
    await outbox.markSent(first!.id, at(1));
    await outbox.park(second!.id, at(1), '400 Bad Request: chat not found');
    await outbox.markFailed(third!.id, at(1), at(60));
    // Sent and parked ones are gone; one waiting for its next attempt is left out only when `now` is given.
    expect(await texts(['telegram'])).toEqual(['t2', 't3', 't4']);
    expect(await texts(['telegram'], 100, at(30))).toEqual(['t3', 't4']);
    expect(await texts(['telegram'], 100, at(60))).toEqual(['t2', 't3', 't4']);
    expect(await db.get('SELECT attempts, next_attempt_at, parked_at, park_reason FROM outbox WHERE id = ?', [third!.id])).toEqual({
      attempts: 1, next_attempt_at: at(60).toISOString(), parked_at: null, park_reason: null,
    });
    await outbox.markFailed(third!.id, at(61));
    expect((await db.get<{ attempts: number }>('SELECT attempts FROM outbox WHERE id = ?', [third!.id]))!.attempts).toBe(2);
    expect(await db.get('SELECT parked_at, park_reason FROM outbox WHERE id = ?', [second!.id])).toEqual({
      parked_at: at(1).toISOString(), park_reason: '400 Bad Request: chat not found',
    });
    await db.close();
  });

  it("gives each chat's next message in order, with its attempts and parts sent, and the chats waiting", async () => {
    const { db, outbox } = await openOutbox(backend);
    await outbox.enqueue({ channel: 'telegram', chatId: 'b', text: 'b1' }, T0);
    await outbox.enqueue({ channel: 'telegram', chatId: 'a', text: 'a1' }, T0);
    await outbox.enqueue({ channel: 'telegram', chatId: 'a', text: 'a2' }, T0);
    await outbox.enqueue({ channel: 'zalo', chatId: 'z', text: 'z1' }, T0);
    expect(await outbox.chatsWithPending(['telegram'])).toEqual([{ channel: 'telegram', chatId: 'b' }, { channel: 'telegram', chatId: 'a' }]);
    expect(await outbox.chatsWithPending(['telegram', 'zalo'], 2)).toHaveLength(2);
    const head = (await outbox.head('telegram', 'a'))!;
    expect(head).toMatchObject({ text: 'a1', attempts: 0, nextAttemptAt: null, partsSent: 0 });
    await outbox.markPartsSent(head.id, 2);
    await outbox.markFailed(head.id, at(1), at(10));
    expect(await outbox.head('telegram', 'a')).toMatchObject({ text: 'a1', attempts: 1, nextAttemptAt: at(10), partsSent: 2 });
    await outbox.markSent(head.id, at(11));
    expect((await outbox.head('telegram', 'a'))!.text).toBe('a2');
    await outbox.park((await outbox.head('telegram', 'a'))!.id, at(12), '403 Forbidden: bot was blocked by the user');
    expect(await outbox.head('telegram', 'a')).toBeUndefined();
    expect(await outbox.chatsWithPending(['telegram'])).toEqual([{ channel: 'telegram', chatId: 'b' }]);
    await db.close();
  });

  it('wakes the sender only once a message is committed, and never for one rolled back', async () => {
    const { db, outbox } = await openOutbox(backend);
    const woken: Array<{ chat: string; sees: number }> = [];
    // What the sender does when woken: read the chat's messages (outside the transaction).
    outbox.onEnqueue((_, chatId) => void outbox.heads('telegram', chatId, 8).then((m) => woken.push({ chat: chatId, sees: m.length })));
    await db.transaction(async () => {
      await outbox.enqueue({ channel: 'telegram', chatId: 'a', text: 'one' }, T0);
      await outbox.enqueue({ channel: 'telegram', chatId: 'a', text: 'two' }, T0);
      await new Promise((r) => setTimeout(r, 10));
      expect(woken).toEqual([]);
    });
    await db
      .transaction(async () => {
        await outbox.enqueue({ channel: 'telegram', chatId: 'b', text: 'lost' }, T0);
        throw new Error('turn failed');
      })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(woken).toEqual([
      { chat: 'a', sees: 2 },
      { chat: 'a', sees: 2 },
    ]);
    expect((await outbox.heads('telegram', 'a', 1)).map((m) => m.text)).toEqual(['one']);
  });

  // SQLite's query plans (EXPLAIN QUERY PLAN); PostgreSQL's planner picks the partial indexes by cost.
  it.skipIf(backend === 'postgres')('reads through the indexes of unsent messages, however many were sent or are for other channels', async () => {
    const { db, outbox } = await openOutbox(backend);
    await db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
      INSERT INTO outbox (channel, chat_id, body, created_at, sent_at)
      SELECT CASE WHEN i % 2 = 0 THEN 'telegram' ELSE 'zalo' END, 'c' || (i % 50), '{"text":"x"}', '${T0.toISOString()}',
        CASE WHEN i % 2 = 0 THEN '${T0.toISOString()}' END FROM n`);
    await outbox.enqueue({ channel: 'telegram', chatId: 'new', text: 'the one to send' }, T0);
    expect((await outbox.pending(['telegram'], 100, T0)).map((m) => m.text)).toEqual(['the one to send']);
    const plans = await Promise.all(
      [
        "SELECT id FROM outbox INDEXED BY outbox_pending WHERE sent_at IS NULL AND parked_at IS NULL AND channel = 'telegram' ORDER BY id LIMIT 100",
        "SELECT channel, chat_id FROM outbox INDEXED BY outbox_pending_chat WHERE sent_at IS NULL AND parked_at IS NULL AND channel IN ('telegram') GROUP BY channel, chat_id ORDER BY MIN(id) LIMIT 5",
      ].map(async (sql) => (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)).map((p) => p.detail).join('; ')),
    );
    expect(plans[0]).toMatch(/USING (COVERING )?INDEX outbox_pending \(channel=\?\)/u);
    expect(plans[1]).toMatch(/INDEX outbox_pending_chat/u);
    await db.close();
  });

  it('keeps bodies sealed, and finds and forgets what was delivered to a conversation or about it', async () => {
    const { db, outbox } = await openOutbox(backend);
    const DAY = 86_400_000;
    const citizen = { channel: 'zalo', chatId: 'citizen' };
    await outbox.enqueue({ ...citizen, text: 'Chào anh Lò Văn Páo' }, T0);
    await outbox.enqueue({ channel: 'telegram', chatId: 'staff', text: 'Người dân nhắn: nhà tôi ở bản Tà Xùa', about: citizen }, T0);
    await outbox.enqueue({ channel: 'telegram', chatId: 'staff', text: 'Tin khác' }, T0);
    await outbox.enqueue({ ...citizen, text: 'Cán bộ trả lời: chờ gửi' }, T0);
    const raw = await db.all<{ body: string }>('SELECT body FROM outbox');
    expect(raw.every((r) => r.body.startsWith('enc:v1:') && !r.body.includes('Páo'))).toBe(true);
    const [toCitizen, aboutCitizen, other] = await outbox.pending(undefined, 3);
    for (const m of [toCitizen!, aboutCitizen!, other!]) await outbox.markSent(m.id, at(1));
    const kept = await outbox.keptFor('zalo', 'citizen');
    expect(kept.map((m) => [m.text, m.toThem, m.sentAt !== null])).toEqual([
      ['Chào anh Lò Văn Páo', true, true],
      ['Người dân nhắn: nhà tôi ở bản Tà Xùa', false, true],
      ['Cán bộ trả lời: chờ gửi', true, false],
    ]);
    // What waits is still delivered; what was delivered to them or about them goes.
    expect(await outbox.forgetDelivered('zalo', 'citizen')).toBe(2);
    expect((await outbox.keptFor('zalo', 'citizen')).map((m) => m.text)).toEqual(['Cán bộ trả lời: chờ gửi']);
    // Retention: delivered before the date go (a dry run only counts), waiting ones stay.
    const later = new Date(T0.getTime() + 31 * DAY);
    expect(await outbox.pruneDelivered(new Date(later.getTime() - 30 * DAY), true)).toEqual({ delivered: 1, parked: 0 });
    expect(await outbox.pruneDelivered(new Date(later.getTime() - 30 * DAY))).toEqual({ delivered: 1, parked: 0 });
    expect((await outbox.pending()).map((m) => m.text)).toEqual(['Cán bộ trả lời: chờ gửi']);
    await db.close();
  });
});
