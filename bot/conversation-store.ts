/**
 * Each conversation's state, kept in SQLite so that a restart resumes where the person was.
 * A conversation belongs to (channel, chat). The state holds what a person typed into a form not
 * yet sent (names, phones, addresses, stories), so it is sealed at rest (lib/vault.ts), and a
 * conversation left alone past the retention period is forgotten (bot/privacy/retention.ts).
 */
import { migrate } from '../lib/migrate.ts';
import { SEALED } from '../lib/sealed-columns.ts';
import type { SqlDatabase, SqlStatement } from '../lib/sql-database.ts';
import type { Vault } from '../lib/vault.ts';

/** Where a conversation stands: which flow, which step, and what was gathered. */
export interface Snapshot {
  flow: string;
  step: string;
  data: Record<string, unknown>;
}

export interface ConversationState extends Snapshot {
  /** Earlier snapshots, newest last, for "quay lại". */
  history: Snapshot[];
  /** The choice ids of the buttons shown last (a press of another is from an earlier message). */
  offered?: string[];
}

export const MENU_STATE: Snapshot = { flow: 'menu', step: 'menu', data: {} };

export class ConversationStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: Vault,
  ) {}

  /** Brings the database to the current schema (the tables are made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db, { vault: this.vault });
  }

  async load(channel: string, chatId: string): Promise<ConversationState | undefined> {
    const row = await this.db.get<{ state: string }>(
      'SELECT state FROM conversations WHERE channel = ? AND chat_id = ?',
      [channel, chatId],
    );
    return row ? this.vault.openJson<ConversationState>(row.state, SEALED.conversationState) : undefined;
  }

  /** When the conversation last moved, or undefined when there is none. */
  async updatedAt(channel: string, chatId: string): Promise<string | undefined> {
    const row = await this.db.get<{ updated_at: string }>('SELECT updated_at FROM conversations WHERE channel = ? AND chat_id = ?', [channel, chatId]);
    return row?.updated_at;
  }

  async save(channel: string, chatId: string, userId: string, state: ConversationState, now: Date): Promise<void> {
    const { sql, params } = this.saveStatement(channel, chatId, userId, state, now);
    await this.db.run(sql, params);
  }

  /** The statement that saves the state, to write with others in one batch (lib/sqlite.ts batch). */
  saveStatement(channel: string, chatId: string, userId: string, state: ConversationState, now: Date): SqlStatement {
    return {
      sql: `INSERT INTO conversations (channel, chat_id, user_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel, chat_id) DO UPDATE SET user_id = excluded.user_id, state = excluded.state,
         updated_at = excluded.updated_at`,
      params: [channel, chatId, userId, this.vault.sealJson(state, SEALED.conversationState), now.toISOString()],
    };
  }

  /** Writes `statements` in one transaction, in one call into the database (a turn's writes). */
  write(statements: readonly SqlStatement[]): Promise<void> {
    return this.db.batch(statements);
  }

  /** Forgets a conversation (its state, drafts and history) and the message ids seen in it. */
  async forget(channel: string, chatId: string): Promise<void> {
    await this.db.run('DELETE FROM conversations WHERE channel = ? AND chat_id = ?', [channel, chatId]);
    await this.db.run('DELETE FROM seen_messages WHERE channel = ? AND chat_id = ?', [channel, chatId]);
  }

  /**
   * Conversations not moved since `before` (drafts left half-filled, finished chats): forgotten, or
   * with `dryRun` only counted. Resolves to how many.
   */
  async pruneIdle(before: Date, dryRun = false): Promise<number> {
    if (dryRun) return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM conversations WHERE updated_at < ?', [before.toISOString()]))!.n;
    return (await this.db.run('DELETE FROM conversations WHERE updated_at < ?', [before.toISOString()])).changes;
  }

  /** Records a platform message id; false when it was already seen (a duplicate delivery). */
  async markSeen(channel: string, chatId: string, messageId: string, now: Date): Promise<boolean> {
    const result = await this.db.run(
      'INSERT INTO seen_messages (channel, chat_id, message_id, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [channel, chatId, messageId, now.toISOString()],
    );
    return result.changes === 1;
  }

  /** Forgets message ids seen before `before` (with `dryRun` only counts them); returns how many. */
  async pruneSeen(before: Date, dryRun = false): Promise<number> {
    if (dryRun) return (await this.db.get<{ n: number }>('SELECT count(*) AS n FROM seen_messages WHERE seen_at < ?', [before.toISOString()]))!.n;
    return (await this.db.run('DELETE FROM seen_messages WHERE seen_at < ?', [before.toISOString()])).changes;
  }
}
