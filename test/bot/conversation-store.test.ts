import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../../bot/conversation-store.ts';
import { openTestDatabase } from '../helpers.ts';
import { BACKENDS, openBackend } from '../postgres.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-21T03:00:00Z');

describe.each(BACKENDS)('the conversation store (%s)', (backend) => {
  it('keeps the state sealed at rest and reads it back', async () => {
    const { db, vault } = await openBackend(backend);
    const store = new ConversationStore(db, vault);
    const state = { flow: 'intake', step: 'phone', data: { values: { fullName: 'Lò Văn Páo' } }, history: [] };
    await store.save('zalo', 'c1', 'u1', state, NOW);
    expect(await store.load('zalo', 'c1')).toEqual(state);
    const raw = (await db.get<{ state: string }>('SELECT state FROM conversations'))!.state;
    expect(raw).toMatch(/^enc:v1:/u);
    expect(raw).not.toContain('Páo');
    expect(await store.updatedAt('zalo', 'c1')).toBe(NOW.toISOString());
    await store.forget('zalo', 'c1');
    expect(await store.load('zalo', 'c1')).toBeUndefined();
    await db.close();
  });

  it('forgets conversations left alone past a date, and counts them first on a dry run', async () => {
    const { db, vault } = await openBackend(backend);
    const store = new ConversationStore(db, vault);
    const state = { flow: 'menu', step: 'menu', data: {}, history: [] };
    await store.save('zalo', 'old', 'u', state, new Date(NOW.getTime() - 31 * DAY));
    await store.save('zalo', 'new', 'u', state, new Date(NOW.getTime() - 29 * DAY));
    const before = new Date(NOW.getTime() - 30 * DAY);
    expect(await store.pruneIdle(before, true)).toBe(1);
    expect(await store.load('zalo', 'old')).toBeDefined();
    expect(await store.pruneIdle(before)).toBe(1);
    expect(await store.load('zalo', 'old')).toBeUndefined();
    expect(await store.load('zalo', 'new')).toBeDefined();
    await db.close();
  });

  it('prunes seen message ids past a date; what was pruned counts as new again', async () => {
    const { db, vault } = await openBackend(backend);
    const store = new ConversationStore(db, vault);
    for (const [id, daysAgo] of [['old', 31], ['edge', 29], ['new', 0]] as const) {
      expect(await store.markSeen('telegram', 'c', id, new Date(NOW.getTime() - daysAgo * DAY))).toBe(true);
    }
    expect(await store.pruneSeen(new Date(NOW.getTime() - 30 * DAY), true)).toBe(1);
    expect(await store.pruneSeen(new Date(NOW.getTime() - 30 * DAY))).toBe(1);
    expect(await store.markSeen('telegram', 'c', 'new', NOW)).toBe(false);
    expect(await store.markSeen('telegram', 'c', 'old', NOW)).toBe(true);
    await db.close();
  });
});
