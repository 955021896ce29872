import { describe, expect, it } from 'vitest';
import { Inbox } from '../../../bot/delivery/inbox.ts';
import { openTestDatabase } from '../../helpers.ts';
import { BACKENDS, openBackend } from '../../postgres.ts';

const message = (id: string, chatId = 'c1', text = 'Tôi tên Lò Văn Páo, số 0912345678') => ({
  channel: 'telegram',
  chatId,
  userId: chatId,
  text,
  messageId: id,
  time: new Date('2026-11-21T03:00:00Z'),
});

describe.each(BACKENDS)('the inbox of received messages (%s)', (backend) => {
  it('keeps a message once, gives a chat its messages in order, and clears the text once handled', async () => {
    const { db, vault } = await openBackend(backend);
    const inbox = new Inbox(db, vault);
    const now = new Date('2026-11-21T03:00:00Z');
    expect(await inbox.receive(message('1'), now)).toBe(true);
    expect(await inbox.receive(message('1'), now)).toBe(false);
    expect(await inbox.receive(message('2'), now)).toBe(true);
    expect(await inbox.receive(message('9', 'c2'), now)).toBe(true);
    expect(await inbox.waitingChats()).toEqual([{ channel: 'telegram', chatId: 'c1' }, { channel: 'telegram', chatId: 'c2' }]);
    const first = (await inbox.next('telegram', 'c1'))!;
    expect(first.message).toMatchObject({ messageId: '1', time: new Date('2026-11-21T03:00:00Z') });
    await db.batch([inbox.markHandledStatement(first.id, now)]);
    expect((await inbox.next('telegram', 'c1'))!.message.messageId).toBe('2');
    const row = await db.get<{ body: string }>('SELECT body FROM inbox WHERE id = ?', [first.id]);
    expect(row!.body).toBe('');
    // A message waiting to be handled is sealed: its text is not in the table.
    const waiting = await db.get<{ body: string }>("SELECT body FROM inbox WHERE handled_at IS NULL AND chat_id = 'c1'");
    expect(waiting!.body).toMatch(/^enc:v1:/u);
    expect(waiting!.body).not.toContain('Páo');
    // A handled message is still recognised when delivered again, until it is pruned.
    expect(await inbox.receive(message('1'), now)).toBe(false);
    expect(await inbox.prune(new Date('2026-12-30T00:00:00Z'))).toBe(1);
    await db.close();
  });
});
