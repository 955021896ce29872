import { describe, expect, it } from 'vitest';
import { HandoffStore } from '../../../intake/handoff/handoff-store.ts';
import { TicketStore } from '../../../intake/tickets/ticket-store.ts';
import type { TicketDraft } from '../../../intake/tickets/ticket.ts';
import { BACKENDS, openBareBackend, type Backend } from '../../postgres.ts';
import { memoryVault } from '../../keys.ts';

// Not test/helpers.ts: these stores need no app, so the test does not load the whole bot.
const DRAFT = { fullName: 'A', eligibility: 'more_info', urgent: false } as unknown as TicketDraft;
const ORIGIN = { channel: 'zalo', chatId: 'c', userId: 'c' };

function open(backend: Backend) {
  return openBareBackend(backend);
}

describe.each(BACKENDS)('the ticket store (%s)', (backend) => {
  it('numbers by the local year and finds short numbers: this year\'s first, else the newest, within a branch', async () => {
    const db = await open(backend);
    try {
      const store = new TicketStore(db, memoryVault());
      await store.init();
      const a = await store.create(DRAFT, ORIGIN, 'x', new Date('2025-12-31T17:30:00Z')); // 2026 in Vietnam
      const b = await store.create(DRAFT, ORIGIN, 'x', new Date('2026-03-01T00:00:00Z'));
      const c = await store.create(DRAFT, ORIGIN, 'x', new Date('2027-01-02T00:00:00Z'));
      expect([a.number, b.number, c.number]).toEqual(['TG-2026-000001', 'TG-2026-000002', 'TG-2027-000001']);
      expect((await store.find({ seq: 1 }, 2027))!.number).toBe('TG-2027-000001');
      expect((await store.find({ seq: 1 }, 2026))!.number).toBe('TG-2026-000001');
      expect((await store.find({ seq: 2 }, 2027))!.number).toBe('TG-2026-000002');
      expect((await store.find({ seq: 1 }, 2028))!.number).toBe('TG-2027-000001');
      expect(await store.find({ seq: 9 }, 2027)).toBeUndefined();
      await store.route('TG-2026-000001', 'cn-a', 'x', '', new Date('2026-03-02T00:00:00Z'));
      expect((await store.find({ seq: 1 }, 2027, 'cn-a'))!.number).toBe('TG-2026-000001');
      expect(await store.find({ year: 2027, seq: 1 }, 2027, 'cn-a')).toBeUndefined();
      expect((await store.list({ eligibility: 'more_info' })).length).toBe(3);
      expect(await store.list({ eligibility: 'eligible' })).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe.each(BACKENDS)('the handoff store (%s)', (backend) => {
  // A table of an earlier SQLite version: PostgreSQL databases start new.
  it.skipIf(backend === 'postgres')('adds its new columns to a table made by an earlier version', async () => {
    const db = await open(backend);
    try {
      await db.exec(`CREATE TABLE handoffs (id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL,
        status TEXT NOT NULL, reason TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT)`);
      await db.run("INSERT INTO handoffs (channel, chat_id, user_id, status, reason, opened_at) VALUES ('zalo', 'c', 'c', 'open', 'gặp cán bộ', '2026-01-01T00:00:00Z')");
      const store = new HandoffStore(db);
      await store.init();
      await store.init();
      const h = (await store.get('h1'))!;
      expect(h).toMatchObject({ code: 'H-1', unanswered: 0, awaitingChoice: false, lastAckAt: null, cappedAt: null });
      await store.countRelayed(h.id);
      await store.countRelayed(h.id);
      expect((await store.get('1'))!.unanswered).toBe(2);
      await store.staffReplied(h.id);
      expect((await store.get('H-1'))!.unanswered).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('opens one handoff per chat and ends it once, however many ask at the same time', async () => {
    const db = await open(backend);
    try {
      const store = new HandoffStore(db);
      await store.init();
      const now = new Date('2026-01-01T00:00:00Z');
      const opened = await Promise.all([1, 2, 3].map(() => store.open('zalo', 'c', 'c', 'gặp cán bộ', now)));
      expect(new Set(opened.map((h) => h.id)).size).toBe(1);
      expect(await store.openList()).toHaveLength(1);
      const closed = await Promise.all([store.close(opened[0]!.id, now), store.close(opened[0]!.id, now)]);
      expect(closed.filter(Boolean)).toHaveLength(1);
      expect((await store.get(opened[0]!.code))!.status).toBe('closed');
    } finally {
      await db.close();
    }
  });
});
