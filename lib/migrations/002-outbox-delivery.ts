/**
 * Migration 2: the outbox remembers failed attempts (and when to try again), parked messages (that
 * can never be sent, and why) and the parts of a long text already sent; partial indexes hold only
 * the messages still to send, so reading a batch costs the same however many were sent before; seen
 * message ids get an index by date for pruning.
 */
import type { Migration } from './migration.ts';

export const outboxDelivery: Migration = {
  version: 2,
  name: 'outbox attempts, next attempt, parking, parts sent; pending-message indexes; seen_messages by date',
  async up(db) {
    await db.exec(`
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
      ALTER TABLE outbox ADD COLUMN parked_at TEXT;
      ALTER TABLE outbox ADD COLUMN park_reason TEXT;
      ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX outbox_pending ON outbox (channel, id) WHERE sent_at IS NULL AND parked_at IS NULL;
      CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE sent_at IS NULL AND parked_at IS NULL;
      CREATE INDEX seen_messages_seen_at ON seen_messages (seen_at);`);
  },
  async postgres(db) {
    await db.exec(`
      ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
      ALTER TABLE outbox ADD COLUMN parked_at TEXT;
      ALTER TABLE outbox ADD COLUMN park_reason TEXT;
      ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX outbox_pending ON outbox (channel, id) WHERE sent_at IS NULL AND parked_at IS NULL;
      CREATE INDEX outbox_pending_chat ON outbox (channel, chat_id, id) WHERE sent_at IS NULL AND parked_at IS NULL;
      CREATE INDEX seen_messages_seen_at ON seen_messages (seen_at);`);
  },
};
