/**
 * Messages as they come in from a platform, written down before the platform is told they arrived
 * (before Telegram's next getUpdates offset, before a webhook's 200). A message is handled later, in
 * order per chat, in one transaction with its conversation state and its replies; after a crash the
 * messages not yet handled are handled on start. The same platform message id arriving twice is kept
 * once. The message (its text, the sender's display name) is sealed at rest (lib/vault.ts). A handled
 * message keeps only its id and dates (its text is cleared), so that a redelivery is still
 * recognised; those rows are pruned after a while (bot/privacy/retention.ts).
 */
import { SEALED } from '../../lib/sealed-columns.ts';
import type { SqlDatabase, SqlStatement } from '../../lib/sql-database.ts';
import type { Vault } from '../../lib/vault.ts';
import type { IncomingMessage } from '../message.ts';

export interface InboxEntry {
  id: number;
  message: IncomingMessage;
}

export class Inbox {
  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: Vault,
  ) {}

  /** Writes a message down; false when the same message was received before. */
  async receive(message: IncomingMessage, now: Date): Promise<boolean> {
    const result = await this.db.run(
      'INSERT INTO inbox (channel, chat_id, message_id, body, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [message.channel, message.chatId, message.messageId, this.vault.sealJson(message, SEALED.inboxBody), now.toISOString()],
    );
    return result.changes === 1;
  }

  /** The chat's oldest message not yet handled. */
  async next(channel: string, chatId: string): Promise<InboxEntry | undefined> {
    const row = await this.db.get<{ id: number; body: string }>(
      'SELECT id, body FROM inbox WHERE channel = ? AND chat_id = ? AND handled_at IS NULL ORDER BY id LIMIT 1',
      [channel, chatId],
    );
    if (!row) return undefined;
    const message = this.vault.openJson<IncomingMessage & { time: string }>(row.body, SEALED.inboxBody);
    return { id: row.id, message: { ...message, time: new Date(message.time) } };
  }

  /** Chats with messages waiting (after a restart). */
  async waitingChats(limit = 10_000): Promise<Array<{ channel: string; chatId: string }>> {
    const rows = await this.db.all<{ channel: string; chat_id: string }>(
      'SELECT channel, chat_id FROM inbox WHERE handled_at IS NULL GROUP BY channel, chat_id ORDER BY MIN(id) LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({ channel: r.channel, chatId: r.chat_id }));
  }

  /** The statement that marks a message handled and clears its text, written in the turn's batch. */
  markHandledStatement(id: number, now: Date): SqlStatement {
    return { sql: "UPDATE inbox SET handled_at = ?, body = '' WHERE id = ?", params: [now.toISOString(), id] };
  }

  /** Forgets handled messages received before `before` (with `dryRun` only counts them); returns how many. */
  async prune(before: Date, dryRun = false): Promise<number> {
    return this.remove('handled_at IS NOT NULL AND received_at < ?', [before.toISOString()], dryRun);
  }

  /**
   * Forgets messages received before `before` and never handled (the assistant failed on them for
   * that long), text and all; with `dryRun` only counts them.
   */
  async pruneUnhandled(before: Date, dryRun = false): Promise<number> {
    return this.remove('handled_at IS NULL AND received_at < ?', [before.toISOString()], dryRun);
  }

  /** Forgets the chat's handled messages (their ids); those still to handle are handled first. */
  async forgetHandled(channel: string, chatId: string): Promise<number> {
    return this.remove('channel = ? AND chat_id = ? AND handled_at IS NOT NULL', [channel, chatId], false);
  }

  private async remove(where: string, params: string[], dryRun: boolean): Promise<number> {
    if (dryRun) return (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM inbox WHERE ${where}`, params))!.n;
    return (await this.db.run(`DELETE FROM inbox WHERE ${where}`, params)).changes;
  }
}
