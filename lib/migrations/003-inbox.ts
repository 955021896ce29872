/**
 * Migration 3: the inbox (bot/delivery/inbox.ts): each platform message written down before the
 * platform is told it arrived, kept once per (channel, chat, message id), handled in order per chat.
 */
import type { Migration } from './migration.ts';

export const inbox: Migration = {
  version: 3,
  name: 'inbox of received messages, unique per platform message, waiting ones indexed by chat',
  async up(db) {
    await db.exec(`
      CREATE TABLE inbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at TEXT NOT NULL,
        handled_at TEXT,
        UNIQUE (channel, chat_id, message_id)
      );
      CREATE INDEX inbox_waiting ON inbox (channel, chat_id, id) WHERE handled_at IS NULL;
      CREATE INDEX inbox_received_at ON inbox (received_at);`);
  },
};
