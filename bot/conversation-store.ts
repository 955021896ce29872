/**
 * Each conversation's state, kept in SQLite so that a restart resumes where the person was.
 * A conversation belongs to (channel, chat).
 */
import { migrate } from '../lib/migrate.ts';
import type { SqliteDatabase } from '../lib/sqlite.ts';
import { Inbox } from './delivery/inbox.ts';

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
  constructor(private readonly db: SqliteDatabase) {}

  /** Brings the database to the current schema (the tables are made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db);
  }

  /** Runs `work` in one transaction on the store's database (with other stores' writes). */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
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

  /** Forgets message ids seen before `before`; returns how many. */
  async pruneSeen(before: Date): Promise<number> {
    return (await this.db.run('DELETE FROM seen_messages WHERE seen_at < ?', [before.toISOString()])).changes;
  }
}

const DAY_MS = 86_400_000;
/** When each database was last pruned (in this process). */
const lastPruned = new WeakMap<SqliteDatabase, number>();

/**
 * Forgets the ids of messages seen (and handled inbox rows received) more than `keepDays` days before
 * `now`, at most once a day per
 * database (the first call after a start prunes): call it from a periodic timer. Resolves to how
 * many were forgotten (0 when it was not yet time).
 */
export async function pruneSeenMessagesDaily(db: SqliteDatabase, now: Date, keepDays: number): Promise<number> {
  const last = lastPruned.get(db);
  if (last !== undefined && now.getTime() - last < DAY_MS) return 0;
  lastPruned.set(db, now.getTime());
  const before = new Date(now.getTime() - keepDays * DAY_MS);
  // Handled inbox rows (ids kept to recognise a redelivery; their text is already cleared) too.
  return (await new ConversationStore(db).pruneSeen(before)) + (await new Inbox(db).prune(before));
}
