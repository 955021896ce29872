/**
 * Messages to send to a conversation other than the one being answered (a branch's staff chat, a
 * citizen getting a staff reply), kept in SQLite until a channel has sent them, so none is lost when
 * a channel is down or not running.
 */
import type { SqliteDatabase } from './sqlite.ts';

export interface OutboxMessage {
  channel: string;
  chatId: string;
  text: string;
  choices?: Array<{ id: string; label: string }>;
}

export interface PendingMessage extends OutboxMessage {
  id: number;
}

export class Outbox {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    await this.db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, body TEXT NOT NULL,
      created_at TEXT NOT NULL, sent_at TEXT)`);
  }

  async enqueue(message: OutboxMessage, now: Date): Promise<void> {
    await this.db.run('INSERT INTO outbox (channel, chat_id, body, created_at) VALUES (?, ?, ?, ?)', [
      message.channel,
      message.chatId,
      JSON.stringify({ text: message.text, choices: message.choices }),
      now.toISOString(),
    ]);
  }

  async pending(channels?: string[]): Promise<PendingMessage[]> {
    const rows = await this.db.all<{ id: number; channel: string; chat_id: string; body: string }>(
      'SELECT id, channel, chat_id, body FROM outbox WHERE sent_at IS NULL ORDER BY id',
    );
    return rows
      .filter((r) => !channels || channels.includes(r.channel))
      .map((r) => ({ id: r.id, channel: r.channel, chatId: r.chat_id, ...(JSON.parse(r.body) as { text: string; choices?: PendingMessage['choices'] }) }));
  }

  async markSent(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE outbox SET sent_at = ? WHERE id = ?', [now.toISOString(), id]);
  }
}
