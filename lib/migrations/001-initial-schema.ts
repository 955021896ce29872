/**
 * Migration 1: the schema as the stores created it before migrations existed (conversations and
 * seen messages, the outbox, handoffs, tickets). Every statement keeps IF NOT EXISTS, and the
 * handoff columns added later are added when missing, so a file made by an earlier version is
 * brought to the same schema as a new one, keeping its rows.
 */
import type { Migration } from './migration.ts';

/** Handoff columns added after the first version (the order they were added in). */
const HANDOFF_ADDED_COLUMNS: Array<[name: string, type: string]> = [
  ['unanswered', 'INTEGER NOT NULL DEFAULT 0'],
  ['awaiting', 'INTEGER NOT NULL DEFAULT 0'],
  ['last_ack_at', 'TEXT'],
  ['capped_at', 'TEXT'],
];

export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema: conversations, seen messages, outbox, handoffs, tickets',
  async up(db) {
    // bot/conversation-store.ts
    await db.exec(`
      CREATE TABLE IF NOT EXISTS conversations (
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id)
      );
      CREATE TABLE IF NOT EXISTS seen_messages (
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (channel, chat_id, message_id)
      );`);
    // lib/outbox.ts
    await db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, body TEXT NOT NULL,
      created_at TEXT NOT NULL, sent_at TEXT)`);
    // intake/handoff/handoff-store.ts
    await db.exec(`CREATE TABLE IF NOT EXISTS handoffs (
      id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL,
      status TEXT NOT NULL, reason TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT)`);
    const present = new Set((await db.all<{ name: string }>('PRAGMA table_info(handoffs)')).map((c) => c.name));
    for (const [name, type] of HANDOFF_ADDED_COLUMNS) {
      if (!present.has(name)) await db.exec(`ALTER TABLE handoffs ADD COLUMN ${name} ${type}`);
    }
    // intake/tickets/ticket-store.ts
    await db.exec(`
      CREATE TABLE IF NOT EXISTS ticket_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tickets (
        id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, status TEXT NOT NULL, channel TEXT NOT NULL,
        chat_id TEXT NOT NULL, user_id TEXT NOT NULL, branch_id TEXT NOT NULL, assignee TEXT, draft TEXT NOT NULL,
        eligibility_checked INTEGER, urgent INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        routed_at TEXT, reminded_at TEXT, escalated_at TEXT);
      CREATE INDEX IF NOT EXISTS tickets_user ON tickets (channel, user_id);
      CREATE TABLE IF NOT EXISTS ticket_events (
        id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL REFERENCES tickets (id), at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, from_status TEXT, to_status TEXT, note TEXT NOT NULL DEFAULT '');
      CREATE TABLE IF NOT EXISTS ticket_cards (
        id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        target TEXT NOT NULL, choices TEXT NOT NULL, sent_at TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS ticket_cards_chat ON ticket_cards (channel, chat_id, id);`);
  },
};
