/**
 * Messages to send to a conversation other than the one being answered (a branch's staff chat, a
 * citizen getting a staff reply), kept in SQLite until a channel has sent them, so none is lost when
 * a channel is down or not running. A message that failed waits until its next attempt; one that can
 * never be sent is parked with its reason. Reads take a bounded batch through partial indexes of the
 * messages still to send (lib/migrations/002-outbox-delivery.ts), however many rows were sent before.
 * Bodies are sealed at rest (lib/vault.ts); a message about a citizen (a relay of what they wrote, a
 * ticket card) says whose chat it is about, so erasing that person finds it; delivered messages are
 * deleted after the retention period (bot/privacy/retention.ts).
 */
import { migrate } from './migrate.ts';
import { SEALED } from './sealed-columns.ts';
import type { SqlDatabase, SqlStatement } from './sql-database.ts';
import type { Vault } from './vault.ts';

export interface OutboxMessage {
  channel: string;
  chatId: string;
  text: string;
  choices?: Array<{ id: string; label: string }>;
  /** A file sent with the text (a filled form), its bytes base64: sealed with the body. */
  document?: { filename: `${string}.${string}`; mimeType: string; data: string };
  /** The citizen's conversation this message is about, when it goes elsewhere (a staff chat). */
  about?: { channel: string; chatId: string };
}

/** A message kept in the outbox for or about one conversation, as a person's data export shows it. */
export interface KeptMessage {
  id: number;
  channel: string;
  chatId: string;
  text: string;
  createdAt: string;
  sentAt: string | null;
  /** Sent to the conversation itself (true) or to staff about it (false). */
  toThem: boolean;
}

export interface PendingMessage extends OutboxMessage {
  id: number;
}

/** The next message of one chat, with where its delivery stands. */
export interface ChatHead extends PendingMessage {
  /** Failed attempts so far. */
  attempts: number;
  /** Not to be tried before this time (after a failure); null: now. */
  nextAttemptAt: Date | null;
  /** Parts of a long text already sent (a retry resumes with the next). */
  partsSent: number;
}

interface Row {
  id: number;
  channel: string;
  chat_id: string;
  body: string;
}

type HeadRow = Row & { attempts: number; next_attempt_at: string | null; parts_sent: number };

type Body = { text: string; choices?: PendingMessage['choices']; document?: PendingMessage['document'] };

/** Not sent and not parked: what the partial indexes hold. */
const UNSENT = 'sent_at IS NULL AND parked_at IS NULL';

/**
 * How workers sharing one PostgreSQL database share the sending: the chat's next message is claimed
 * by one worker for `leaseMs` (renewed while it works on it); a claim of a worker that died runs out
 * and another takes the message over.
 */
export interface OutboxClaims {
  /** This worker's name (unique among the workers). */
  worker: string;
  leaseMs: number;
}

export class Outbox {
  private readonly listeners: Array<(channel: string, chatId: string) => void> = [];

  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: Vault,
    /** Set on PostgreSQL (several workers); SQLite has one process and claims nothing. */
    private readonly claims?: OutboxClaims,
  ) {}

  private toMessage = (r: Row): PendingMessage => ({
    id: r.id,
    channel: r.channel,
    chatId: r.chat_id,
    ...this.vault.openJson<Body>(r.body, SEALED.outboxBody),
  });

  /**
   * Calls `listener` for each message enqueued (the sender wakes that chat), once it is committed:
   * a message enqueued inside a transaction is announced after the commit (never if it rolls back),
   * so nothing is sent before the turn that wrote it is safely down.
   */
  onEnqueue(listener: (channel: string, chatId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Brings the database to the current schema (the outbox table is made by the migrations). */
  async init(): Promise<void> {
    await migrate(this.db, { vault: this.vault });
  }

  async enqueue(message: OutboxMessage, now: Date): Promise<void> {
    const { sql, params } = this.enqueueStatement(message, now);
    await this.db.run(sql, params);
    this.db.afterCommit(() => this.announce(message.channel, message.chatId));
  }

  /**
   * The statement that enqueues a message, to write in a batch with others (lib/sqlite.ts batch);
   * call announce() once the batch is written.
   */
  enqueueStatement(message: OutboxMessage, now: Date): SqlStatement {
    return {
      sql: 'INSERT INTO outbox (channel, chat_id, body, created_at, about_channel, about_chat_id) VALUES (?, ?, ?, ?, ?, ?)',
      params: [
        message.channel,
        message.chatId,
        this.vault.sealJson({ text: message.text, choices: message.choices, ...(message.document ? { document: message.document } : {}) }, SEALED.outboxBody),
        now.toISOString(),
        message.about?.channel ?? null,
        message.about?.chatId ?? null,
      ],
    };
  }

  /** Tells the listeners that the chat has messages waiting (after they are committed). */
  announce(channel: string, chatId: string): void {
    for (const l of this.listeners) l(channel, chatId);
  }

  /**
   * Up to `limit` messages to send, oldest first: not sent, not parked, for one of `channels` (all
   * channels when not given) and, when `now` is given, not waiting for a later attempt.
   */
  async pending(channels?: string[], limit = 100, now?: Date): Promise<PendingMessage[]> {
    if (channels && channels.length === 0) return [];
    const due = now ? ' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)' : '';
    const dueParams = now ? [now.toISOString()] : [];
    if (this.db.dialect === 'postgres') {
      // The planner walks the partial index of unsent messages by itself.
      const only = channels ? ` AND channel IN (${channels.map(() => '?').join(', ')})` : '';
      const sql = `SELECT id, channel, chat_id, body FROM outbox WHERE ${UNSENT}${only}${due} ORDER BY id LIMIT ?`;
      return (await this.db.all<Row>(sql, [...(channels ?? []), ...dueParams, limit])).map(this.toMessage);
    }
    if (!channels) {
      // Through the index of unsent messages (a full scan would pass every message ever sent).
      const sql = `SELECT id, channel, chat_id, body FROM outbox INDEXED BY outbox_pending WHERE ${UNSENT}${due} ORDER BY id LIMIT ?`;
      return (await this.db.all<Row>(sql, [...dueParams, limit])).map(this.toMessage);
    }
    // One ordered, limited read per channel (each walks the index of its channel's pending rows), merged.
    const perChannel = `SELECT * FROM (SELECT id, channel, chat_id, body FROM outbox INDEXED BY outbox_pending
      WHERE ${UNSENT} AND channel = ?${due} ORDER BY id LIMIT ?)`;
    const sql = `${channels.map(() => perChannel).join(' UNION ALL ')} ORDER BY id LIMIT ?`;
    const params = channels.flatMap((c) => [c, ...dueParams, limit]);
    return (await this.db.all<Row>(sql, [...params, limit])).map(this.toMessage);
  }

  /**
   * The chats of `channels` with messages to send, the longest waiting first (at most `limit`); with
   * `now`, only chats whose first message is due (not waiting for a later attempt), so chats waiting
   * for a retry never crowd out the others.
   */
  async chatsWithPending(channels: string[], limit = 500, now?: Date): Promise<Array<{ channel: string; chatId: string }>> {
    if (channels.length === 0) return [];
    const rows = await this.db.all<{ channel: string; chat_id: string; next_attempt_at: string | null }>(
      `SELECT channel, chat_id, next_attempt_at FROM outbox
       WHERE id IN (SELECT MIN(id) FROM outbox ${this.indexedBy('outbox_pending_chat')}
                    WHERE ${UNSENT} AND channel IN (${channels.map(() => '?').join(', ')}) GROUP BY channel, chat_id)
       ${now ? 'AND (next_attempt_at IS NULL OR next_attempt_at <= ?)' : ''}
       ORDER BY id LIMIT ?`,
      [...channels, ...(now ? [now.toISOString()] : []), limit],
    );
    return rows.map((r) => ({ channel: r.channel, chatId: r.chat_id }));
  }

  /** A chat's oldest message not sent and not parked (due or not: a chat's messages go in order). */
  async head(channel: string, chatId: string): Promise<ChatHead | undefined> {
    return (await this.heads(channel, chatId, 1))[0];
  }

  /** A chat's `limit` oldest messages not sent and not parked, in order (one read for a turn's replies). */
  async heads(channel: string, chatId: string, limit: number): Promise<ChatHead[]> {
    const rows = await this.db.all<HeadRow>(
      `SELECT id, channel, chat_id, body, attempts, next_attempt_at, parts_sent FROM outbox ${this.indexedBy('outbox_pending_chat')}
       WHERE ${UNSENT} AND channel = ? AND chat_id = ? ORDER BY id LIMIT ?`,
      [channel, chatId, limit],
    );
    return rows.map((row) => this.toHead(row));
  }

  /**
   * The chat's next messages for this worker to send, in order: on SQLite (one process) up to
   * `limit` of its head; with claims (PostgreSQL, several workers) the one head claimed (claimHead).
   */
  async nextToSend(channel: string, chatId: string, now: Date, limit: number): Promise<ChatHead[]> {
    if (this.claims && this.db.dialect === 'postgres') {
      const head = await this.claimHead(this.claims, channel, chatId, now);
      return head ? [head] : [];
    }
    return this.heads(channel, chatId, limit);
  }

  /**
   * The chat's next message for this worker to send, with claims (PostgreSQL, several workers: see
   * nextToSend): the head is claimed for this worker until the lease runs out —
   * unless another worker holds it (its claim not run out), or is claiming it this instant (the row
   * is locked: FOR UPDATE SKIP LOCKED skips it rather than wait): then undefined, and that worker
   * sends the chat's messages, in order. A message is claimed only once every earlier one of its
   * chat is sent or parked, so the order holds across workers.
   */
  private async claimHead(claims: OutboxClaims, channel: string, chatId: string, now: Date): Promise<ChatHead | undefined> {
    const at = now.toISOString();
    const row = await this.db.get<HeadRow>(
      `WITH head AS (
         SELECT id FROM outbox
         WHERE id = (SELECT min(id) FROM outbox WHERE ${UNSENT} AND channel = ? AND chat_id = ?)
           AND ${UNSENT} AND (claimed_by IS NULL OR claimed_by = ? OR claim_until < ?)
         FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET claimed_by = ?, claim_until = ? FROM head WHERE outbox.id = head.id
       RETURNING outbox.id, outbox.channel, outbox.chat_id, outbox.body, outbox.attempts, outbox.next_attempt_at, outbox.parts_sent`,
      [channel, chatId, claims.worker, at, claims.worker, new Date(now.getTime() + claims.leaseMs).toISOString()],
    );
    return row ? this.toHead(row) : undefined;
  }

  /** `INDEXED BY name` on SQLite (its planner would otherwise scan); nothing on PostgreSQL. */
  private indexedBy(index: string): string {
    return this.db.dialect === 'sqlite' ? `INDEXED BY ${index}` : '';
  }

  private toHead(row: HeadRow): ChatHead {
    return {
      ...this.toMessage(row),
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at === null ? null : new Date(row.next_attempt_at),
      partsSent: row.parts_sent,
    };
  }

  async markSent(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE outbox SET sent_at = ? WHERE id = ?', [now.toISOString(), id]);
  }

  /** Records how many parts of a long text have been sent. */
  async markPartsSent(id: number, parts: number): Promise<void> {
    await this.db.run('UPDATE outbox SET parts_sent = ? WHERE id = ?', [parts, id]);
  }

  /**
   * Counts a failed attempt; the message is tried again from `nextAttemptAt` (default: at once). With
   * claims, this worker keeps the message until a lease after that time (its own timer retries it).
   */
  async markFailed(id: number, now: Date, nextAttemptAt: Date = now): Promise<void> {
    if (this.claims) {
      const until = new Date(Math.max(now.getTime(), nextAttemptAt.getTime()) + this.claims.leaseMs).toISOString();
      await this.db.run('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claim_until = ? WHERE id = ? AND claimed_by = ?', [
        nextAttemptAt.toISOString(),
        until,
        id,
        this.claims.worker,
      ]);
      return;
    }
    await this.db.run('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?', [nextAttemptAt.toISOString(), id]);
  }

  /**
   * The messages kept for a conversation or about it (relays, ticket cards to staff), oldest first,
   * opened: what a person's data export holds.
   */
  async keptFor(channel: string, chatId: string): Promise<KeptMessage[]> {
    const rows = await this.db.all<Row & { created_at: string; sent_at: string | null }>(
      `SELECT id, channel, chat_id, body, created_at, sent_at FROM outbox
       WHERE (channel = ? AND chat_id = ?) OR (about_channel = ? AND about_chat_id = ?) ORDER BY id`,
      [channel, chatId, channel, chatId],
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      chatId: r.chat_id,
      text: this.toMessage(r).text,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      toThem: r.channel === channel && r.chat_id === chatId,
    }));
  }

  /**
   * The messages to one conversation after id `afterId`, oldest first (at most `limit`), opened, with
   * their choices: what the web chat shows (its channel reads its own replies here).
   */
  async toChat(channel: string, chatId: string, afterId = 0, limit = 200): Promise<Array<PendingMessage & { createdAt: string }>> {
    const rows = await this.db.all<Row & { created_at: string }>(
      'SELECT id, channel, chat_id, body, created_at FROM outbox WHERE channel = ? AND chat_id = ? AND id > ? ORDER BY id LIMIT ?',
      [channel, chatId, afterId, limit],
    );
    return rows.map((r) => ({ ...this.toMessage(r), createdAt: r.created_at }));
  }

  /**
   * Deletes the messages sent (or parked) to a conversation or about it; those still waiting are
   * still delivered. Resolves to how many were deleted.
   */
  async forgetDelivered(channel: string, chatId: string): Promise<number> {
    const { changes } = await this.db.run(
      `DELETE FROM outbox WHERE (sent_at IS NOT NULL OR parked_at IS NOT NULL)
       AND ((channel = ? AND chat_id = ?) OR (about_channel = ? AND about_chat_id = ?))`,
      [channel, chatId, channel, chatId],
    );
    return changes;
  }

  /**
   * Deletes the messages still waiting to go to staff about a conversation (ticket cards, relays of
   * what the person wrote): once nothing of the person's is open, no one needs them. Messages to the
   * person themself still go. Resolves to how many were deleted.
   */
  async forgetPendingAbout(channel: string, chatId: string): Promise<number> {
    const { changes } = await this.db.run(
      `DELETE FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND about_channel = ? AND about_chat_id = ?
       AND NOT (channel = ? AND chat_id = ?)`,
      [channel, chatId, channel, chatId],
    );
    return changes;
  }

  /**
   * Deletes messages delivered before `before`, and messages parked (never deliverable) before it;
   * with `dryRun` only counts them.
   */
  async pruneDelivered(before: Date, dryRun = false): Promise<{ delivered: number; parked: number }> {
    const cutoff = before.toISOString();
    const count = async (where: string) =>
      dryRun
        ? (await this.db.get<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE ${where}`, [cutoff]))!.n
        : (await this.db.run(`DELETE FROM outbox WHERE ${where}`, [cutoff])).changes;
    return { delivered: await count('sent_at IS NOT NULL AND sent_at < ?'), parked: await count('sent_at IS NULL AND parked_at IS NOT NULL AND parked_at < ?') };
  }

  /**
   * Sets aside a message that can never be sent (the chat is gone, the platform refuses the text);
   * `reason` is the platform's error, never the message text.
   */
  async park(id: number, now: Date, reason: string): Promise<void> {
    await this.db.run('UPDATE outbox SET parked_at = ?, park_reason = ? WHERE id = ?', [now.toISOString(), reason.slice(0, 500), id]);
  }
}
