import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConversationStore, pruneSeenMessagesDaily } from '../../bot/conversation-store.ts';
import { openDatabase } from '../../lib/database.ts';
import { tempDir } from '../helpers.ts';

const DAY = 86_400_000;

describe('seen message ids', () => {
  it('are pruned past the days kept, at most once a day', async () => {
    const db = await openDatabase(join(tempDir(), 'seen.sqlite'));
    const store = new ConversationStore(db);
    const now = new Date('2026-11-21T03:00:00Z');
    for (const [id, daysAgo] of [['old', 31], ['edge', 29], ['new', 0]] as const) {
      expect(await store.markSeen('telegram', 'c', id, new Date(now.getTime() - daysAgo * DAY))).toBe(true);
    }
    expect(await pruneSeenMessagesDaily(db, now, 30)).toBe(1);
    // Not again within the day, even with fewer days kept.
    expect(await pruneSeenMessagesDaily(db, new Date(now.getTime() + DAY / 2), 1)).toBe(0);
    expect(await pruneSeenMessagesDaily(db, new Date(now.getTime() + DAY), 1)).toBe(1);
    // What was pruned counts as new again; what was kept is still a duplicate.
    expect(await store.markSeen('telegram', 'c', 'new', now)).toBe(false);
    expect(await store.markSeen('telegram', 'c', 'old', now)).toBe(true);
    await db.close();
  });
});
