import type { Session } from 'fastify';
import { describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../web/staff-accounts.ts';
import { WebChatStore } from '../../web/web-chat-store.ts';
import { openTestDatabase } from '../helpers.ts';
import { BACKENDS, openBackend } from '../postgres.ts';

describe.each(BACKENDS)('web stores (%s)', (backend) => {
  it('keeps desk sessions under a hash of their id, forgets expired ones', async () => {
    const { db } = await openBackend(backend);
    try {
      let now = new Date('2026-11-21T03:00:00Z');
      const store = new SqliteSessionStore(db, 3_600_000, () => now);
      const call = <T>(run: (done: (err?: unknown, value?: T) => void) => void) =>
        new Promise<T | undefined>((resolve, reject) => run((err, value) => (err ? reject(err) : resolve(value))));
      const session = { account: 'staff-bac-yen', cookie: { expires: new Date('2026-11-21T04:00:00Z') } } as unknown as Session;
      await call((done) => store.set('the-session-id', session, done));
      expect(await db.get('SELECT 1 FROM web_sessions WHERE id = ?', ['the-session-id'])).toBeUndefined();
      expect(await call<Session | null>((done) => store.get('the-session-id', done))).toMatchObject({ account: 'staff-bac-yen' });
      now = new Date('2026-11-21T04:00:01Z');
      expect(await call<Session | null>((done) => store.get('the-session-id', done))).toBeNull();
      // The next write sweeps the expired ones.
      now = new Date('2026-11-21T05:00:02Z');
      await call((done) => store.set('another', { cookie: {} } as unknown as Session, done));
      expect((await db.all('SELECT id FROM web_sessions')).length).toBe(1);
      await call((done) => store.destroy('another', done));
      expect((await db.all('SELECT id FROM web_sessions')).length).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('maps a browser token to its chat, keeping only the token\'s hash; a forgotten token opens nothing', async () => {
    const { db } = await openBackend(backend);
    try {
      const chats = new WebChatStore(db);
      const now = new Date('2026-11-21T03:00:00Z');
      const { token, chatId } = await chats.create(now);
      expect(chatId).toMatch(/^w-[\w-]{16}$/u);
      expect(await chats.chatOf(token, now)).toBe(chatId);
      expect(JSON.stringify(await db.all('SELECT * FROM web_chats'))).not.toContain(token);
      expect(await chats.chatOf('not a token', now)).toBeUndefined();
      expect(await chats.chatOf('x'.repeat(43), now)).toBeUndefined();
      await chats.forget(token);
      expect(await chats.chatOf(token, now)).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
