/**
 * Conversations of the web chat: a browser holds a random token (in its localStorage), the server
 * keeps only the token's hash and the chat id it stands for, so the conversation survives page
 * reloads without an account. The messages themselves live where every channel's do: the turn's
 * state in the conversation store, the replies in the outbox (sealed, pruned by retention).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../lib/sql-database.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class WebChatStore {
  constructor(private readonly db: SqlDatabase) {}

  /** A new conversation: its token (for the browser) and chat id. */
  async create(now: Date): Promise<{ token: string; chatId: string }> {
    const token = randomBytes(32).toString('base64url');
    const chatId = `w-${randomBytes(12).toString('base64url')}`;
    await this.db.run('INSERT INTO web_chats (token_hash, chat_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)', [sha256(token), chatId, now.toISOString(), now.toISOString()]);
    return { token, chatId };
  }

  /** The chat id a token stands for, or undefined (unknown token). */
  async chatOf(token: string, now: Date): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/u.test(token)) return undefined;
    const row = await this.db.get<{ chat_id: string; last_seen_at: string }>('SELECT chat_id, last_seen_at FROM web_chats WHERE token_hash = ?', [sha256(token)]);
    if (!row) return undefined;
    // Remembered at most once a minute (reading the chat is frequent).
    if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
      await this.db.run('UPDATE web_chats SET last_seen_at = ? WHERE token_hash = ?', [now.toISOString(), sha256(token)]);
    }
    return row.chat_id;
  }

  /** Ends a conversation's link to its browser (the person pressed "end"): the token no longer works. */
  async forget(token: string): Promise<void> {
    await this.db.run('DELETE FROM web_chats WHERE token_hash = ?', [sha256(token)]);
  }
}
