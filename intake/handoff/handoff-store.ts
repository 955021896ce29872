/**
 * Conversations handed to a person ("gặp cán bộ"): while one is open the bot keeps quiet there,
 * the citizen's messages go to the centre's staff chats, and staff replies reach the citizen.
 * Either side can end it.
 */
import { migrate } from '../../lib/migrate.ts';
import { PostgresDatabase } from '../../lib/postgres.ts';
import type { SqlDatabase } from '../../lib/sql-database.ts';

export interface Handoff {
  id: number;
  /** "H-12": what staff type to answer. */
  code: string;
  channel: string;
  chatId: string;
  userId: string;
  status: 'open' | 'closed';
  reason: string;
  openedAt: string;
  closedAt: string | null;
  /** Citizen messages relayed since staff last answered. */
  unanswered: number;
  /** The bot's opening question ("nhắn cho cán bộ / quay lại trợ lý") is still waiting for an answer. */
  awaitingChoice: boolean;
  /** When the citizen was last told their messages went to staff. */
  lastAckAt: string | null;
  /** When the citizen was last told staff already have their messages (past the cap). */
  cappedAt: string | null;
}

interface Row {
  id: number;
  channel: string;
  chat_id: string;
  user_id: string;
  status: 'open' | 'closed';
  reason: string;
  opened_at: string;
  closed_at: string | null;
  unanswered: number;
  awaiting: number;
  last_ack_at: string | null;
  capped_at: string | null;
}

const toHandoff = (r: Row): Handoff => ({
  id: r.id,
  code: `H-${r.id}`,
  channel: r.channel,
  chatId: r.chat_id,
  userId: r.user_id,
  status: r.status,
  reason: r.reason,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  unanswered: r.unanswered,
  awaitingChoice: r.awaiting === 1,
  lastAckAt: r.last_ack_at,
  cappedAt: r.capped_at,
});

export class HandoffStore {
  constructor(private readonly db: SqlDatabase) {}

  /** Brings the database to the current schema (the table is made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db);
  }

  /**
   * Runs `work` as one transaction: handoff changes and the outbox messages they cause (on the same
   * database) are written together or not at all.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Opens a handoff for the chat, or returns the one already open there. */
  async open(channel: string, chatId: string, userId: string, reason: string, now: Date): Promise<Handoff> {
    return this.db.transaction(async () => {
      // PostgreSQL: workers' transactions do not exclude each other as SQLite's one writer does; the
      // chat's lock (held to the commit) keeps two from opening a handoff each.
      if (this.db instanceof PostgresDatabase) await this.db.transactionLock(`tgpl:handoff:${channel}:${chatId}`);
      const existing = await this.active(channel, chatId);
      if (existing) return existing;
      const lastID = await this.db.insert(
        "INSERT INTO handoffs (channel, chat_id, user_id, status, reason, opened_at) VALUES (?, ?, ?, 'open', ?, ?)",
        [channel, chatId, userId, reason, now.toISOString()],
      );
      return (await this.get(`H-${lastID}`))!;
    });
  }

  /** Changes why a handoff is open (a queued question becomes a full "gặp cán bộ"). */
  async setReason(id: number, reason: string): Promise<void> {
    await this.db.run('UPDATE handoffs SET reason = ? WHERE id = ?', [reason, id]);
  }

  async active(channel: string, chatId: string): Promise<Handoff | undefined> {
    const row = await this.db.get<Row>("SELECT * FROM handoffs WHERE channel = ? AND chat_id = ? AND status = 'open' ORDER BY id DESC", [channel, chatId]);
    return row ? toHandoff(row) : undefined;
  }

  async get(code: string): Promise<Handoff | undefined> {
    const id = Number(/^(?:H\s*-?\s*)?(\d+)$/iu.exec(code.trim())?.[1]);
    if (!Number.isInteger(id)) return undefined;
    const row = await this.db.get<Row>('SELECT * FROM handoffs WHERE id = ?', [id]);
    return row ? toHandoff(row) : undefined;
  }

  async openList(): Promise<Handoff[]> {
    return (await this.db.all<Row>("SELECT * FROM handoffs WHERE status = 'open' ORDER BY id")).map(toHandoff);
  }

  /** Whether the bot's opening question is waiting for an answer. */
  async setAwaitingChoice(id: number, awaiting: boolean): Promise<void> {
    await this.db.run('UPDATE handoffs SET awaiting = ? WHERE id = ?', [awaiting ? 1 : 0, id]);
  }

  /** Counts a message relayed to staff (it also answers the opening question). */
  async countRelayed(id: number): Promise<void> {
    await this.db.run('UPDATE handoffs SET unanswered = unanswered + 1, awaiting = 0 WHERE id = ?', [id]);
  }

  async markAcknowledged(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE handoffs SET last_ack_at = ? WHERE id = ?', [now.toISOString(), id]);
  }

  async markCapped(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE handoffs SET capped_at = ? WHERE id = ?', [now.toISOString(), id]);
  }

  /** Staff answered: the count of unanswered messages starts again. */
  async staffReplied(id: number): Promise<void> {
    await this.db.run('UPDATE handoffs SET unanswered = 0, awaiting = 0, capped_at = NULL WHERE id = ?', [id]);
  }

  /** Forgets the conversation's closed handoffs (an open one is kept: staff are talking with the person). */
  async forgetClosed(channel: string, chatId: string): Promise<number> {
    return (await this.db.run("DELETE FROM handoffs WHERE channel = ? AND chat_id = ? AND status = 'closed'", [channel, chatId])).changes;
  }

  /** Ends an open handoff; false when it was already closed (someone else ended it first). */
  async close(id: number, now: Date): Promise<boolean> {
    const { changes } = await this.db.run("UPDATE handoffs SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'", [now.toISOString(), id]);
    return changes === 1;
  }
}
