/**
 * Each conversation's state, kept in SQLite so that a restart resumes where the person was.
 * A conversation belongs to (channel, chat).
 */
import type { SqliteDatabase } from '../lib/sqlite.ts';

/** Where a conversation stands: which flow, which step, and what was gathered. */
export interface Snapshot {
  flow: string;
  step: string;
  data: Record<string, unknown>;
}

export interface ConversationState extends Snapshot {
  /** Earlier snapshots, newest last, for "quay lại". */
  history: Snapshot[];
}

export const MENU_STATE: Snapshot = { flow: 'menu', step: 'menu', data: {} };

export class ConversationStore {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    await this.db.exec(`
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
  }

  async load(channel: string, chatId: string): Promise<ConversationState | undefined> {
    const row = await this.db.get<{ state: string }>(
      'SELECT state FROM conversations WHERE channel = ? AND chat_id = ?',
      [channel, chatId],
    );
    return row ? (JSON.parse(row.state) as ConversationState) : undefined;
  }

  async save(channel: string, chatId: string, userId: string, state: ConversationState, now: Date): Promise<void> {
    await this.db.run(
      `INSERT INTO conversations (channel, chat_id, user_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel, chat_id) DO UPDATE SET user_id = excluded.user_id, state = excluded.state,
         updated_at = excluded.updated_at`,
      [channel, chatId, userId, JSON.stringify(state), now.toISOString()],
    );
  }

  /** Records a platform message id; false when it was already seen (a duplicate delivery). */
  async markSeen(channel: string, chatId: string, messageId: string, now: Date): Promise<boolean> {
    const result = await this.db.run(
      'INSERT OR IGNORE INTO seen_messages (channel, chat_id, message_id, seen_at) VALUES (?, ?, ?, ?)',
      [channel, chatId, messageId, now.toISOString()],
    );
    return result.changes === 1;
  }

  /** Forgets message ids older than `before`. */
  async pruneSeen(before: Date): Promise<void> {
    await this.db.run('DELETE FROM seen_messages WHERE seen_at < ?', [before.toISOString()]);
  }
}
