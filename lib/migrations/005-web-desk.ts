/**
 * Migration 5: the web desk and web chat (web/): staff passwords (argon2 hashes, accounts named as in
 * the branch directory), one-time sign-in links (only their hash kept), the desk's sessions, and the
 * web chat's conversations (a browser's token, hashed, mapped to its chat id). None of these holds a
 * name, a phone or a message. An index lets the web chat read its replies from the outbox by chat.
 */
import type { SqlDatabase } from '../sql-database.ts';
import type { Migration } from './migration.ts';

export const webDesk: Migration = {
  version: 5,
  name: 'web desk: staff passwords, sign-in links, sessions; web chat conversations',
  up: (db) => createWebDesk(db),
  postgres: (db) => createWebDesk(db),
};

/** The same statements on both: text keys, no integer ids. */
async function createWebDesk(db: SqlDatabase): Promise<void> {
  await db.exec(`
    CREATE TABLE staff_passwords (
      account TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE staff_login_links (
      token_hash TEXT PRIMARY KEY,
      account TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    );
    CREATE TABLE web_sessions (
      id TEXT PRIMARY KEY,
      data TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
    CREATE TABLE web_chats (
      token_hash TEXT PRIMARY KEY,
      chat_id TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL
    );
    CREATE INDEX outbox_chat_id ON outbox (channel, chat_id, id);`);
}
