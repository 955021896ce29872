/**
 * Conversations handed to a person ("gặp cán bộ"): while one is open the bot keeps quiet there,
 * the citizen's messages go to the centre's staff chats, and staff replies reach the citizen.
 * Either side can end it.
 */
import type { SqliteDatabase } from '../../lib/sqlite.ts';

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

/** Columns added after the first version, added to an existing table on start. */
const ADDED_COLUMNS: Record<string, string> = {
  unanswered: 'INTEGER NOT NULL DEFAULT 0',
  awaiting: 'INTEGER NOT NULL DEFAULT 0',
  last_ack_at: 'TEXT',
  capped_at: 'TEXT',
};

export class HandoffStore {
  constructor(private readonly db: SqliteDatabase) {}

  async init(): Promise<void> {
    await this.db.exec(`CREATE TABLE IF NOT EXISTS handoffs (
      id INTEGER PRIMARY KEY, channel TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT NOT NULL,
      status TEXT NOT NULL, reason TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT)`);
    const present = new Set((await this.db.all<{ name: string }>('PRAGMA table_info(handoffs)')).map((c) => c.name));
    for (const [name, type] of Object.entries(ADDED_COLUMNS)) {
      if (!present.has(name)) await this.db.exec(`ALTER TABLE handoffs ADD COLUMN ${name} ${type}`);
    }
  }

  async open(channel: string, chatId: string, userId: string, reason: string, now: Date): Promise<Handoff> {
    const existing = await this.active(channel, chatId);
    if (existing) return existing;
    const { lastID } = await this.db.run(
      "INSERT INTO handoffs (channel, chat_id, user_id, status, reason, opened_at) VALUES (?, ?, ?, 'open', ?, ?)",
      [channel, chatId, userId, reason, now.toISOString()],
    );
    return (await this.get(`H-${lastID}`))!;
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

  async close(id: number, now: Date): Promise<void> {
    await this.db.run("UPDATE handoffs SET status = 'closed', closed_at = ? WHERE id = ?", [now.toISOString(), id]);
  }
}
