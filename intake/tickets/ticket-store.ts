/**
 * Tickets in SQLite, with an audit log of every change (who, when, from → to, note) and short
 * readable numbers per year ("TG-2026-000123").
 */
import { migrate } from '../../lib/migrate.ts';
import type { SqliteDatabase } from '../../lib/sqlite.ts';
import type { EligibilityStatus } from '../eligibility/check.ts';
import { DEFAULT_TIME_ZONE, localYear } from './local-time.ts';
import { statusName } from './staff-labels.ts';
import { NEXT_STATUSES, type Ticket, type TicketDraft, type TicketEvent, type TicketStatus } from './ticket.ts';
import { formatTicketNumber, type TicketRef } from './ticket-number.ts';

/** A change a ticket's current status does not allow, or a ticket that does not exist. */
export class TicketError extends Error {
  override name = 'TicketError';
}

interface TicketRow {
  id: number;
  number: string;
  status: TicketStatus;
  channel: string;
  chat_id: string;
  user_id: string;
  branch_id: string;
  assignee: string | null;
  draft: string;
  eligibility_checked: number | null;
  urgent: number;
  created_at: string;
  updated_at: string;
  routed_at: string | null;
  reminded_at: string | null;
  escalated_at: string | null;
}

function toTicket(row: TicketRow): Ticket {
  const draft = JSON.parse(row.draft) as TicketDraft;
  return {
    ...draft,
    id: row.id,
    number: row.number,
    status: row.status,
    channel: row.channel,
    chatId: row.chat_id,
    userId: row.user_id,
    branchId: row.branch_id,
    assignee: row.assignee,
    eligibilityChecked: row.eligibility_checked === null ? null : row.eligibility_checked === 1,
    urgent: row.urgent === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    routedAt: row.routed_at,
    remindedAt: row.reminded_at,
    escalatedAt: row.escalated_at,
  };
}

export interface TicketFilter {
  status?: TicketStatus;
  branchId?: string;
  urgent?: boolean;
  /** The eligibility check's result when filed. */
  eligibility?: EligibilityStatus;
}

/** A ticket card sent to a staff chat with its choices (Nhận / Trả về / Từ chối), newest first. */
export interface TicketCard {
  ticketNumber: string;
  /** The branch (or "centre") the card was sent to. */
  target: string;
  choices: Array<{ id: string; label: string }>;
  sentAt: string;
}

export class TicketStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Brings the database to the current schema (the tables are made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db);
  }

  /**
   * Runs `work` as one transaction: ticket changes and the outbox messages they cause (on the same
   * database) are written together or not at all, and what `work` reads cannot change under it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Files a ticket (status "new") and returns it with its number. The number takes the year of the
   * local date in `timeZone`.
   */
  async create(
    draft: TicketDraft,
    origin: { channel: string; chatId: string; userId: string },
    actor: string,
    now: Date,
    timeZone = DEFAULT_TIME_ZONE,
  ): Promise<Ticket> {
    const year = localYear(now, timeZone);
    const at = now.toISOString();
    return this.db.transaction(async () => {
      await this.db.run('INSERT INTO ticket_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1', [year]);
      const { last } = (await this.db.get<{ last: number }>('SELECT last FROM ticket_counters WHERE year = ?', [year]))!;
      const number = formatTicketNumber(year, last);
      const { lastID } = await this.db.run(
        `INSERT INTO tickets (number, status, channel, chat_id, user_id, branch_id, draft, urgent, created_at, updated_at)
         VALUES (?, 'new', ?, ?, ?, 'centre', ?, ?, ?, ?)`,
        [number, origin.channel, origin.chatId, origin.userId, JSON.stringify(draft), draft.urgent ? 1 : 0, at, at],
      );
      await this.event(lastID, at, actor, 'create', null, 'new', '');
      return (await this.get(number))!;
    });
  }

  async get(number: string): Promise<Ticket | undefined> {
    const row = await this.db.get<TicketRow>('SELECT * FROM tickets WHERE number = ?', [number.trim().toUpperCase()]);
    return row ? toTicket(row) : undefined;
  }

  /**
   * The ticket a typed reference means: with a year, that ticket; without one, the current year's
   * ticket with that number, else the newest one. `branchId` limits it to one branch's tickets.
   */
  async find(ref: TicketRef, currentYear: number, branchId?: string): Promise<Ticket | undefined> {
    if (ref.year !== undefined) {
      const ticket = await this.get(formatTicketNumber(ref.year, ref.seq));
      return ticket && (branchId === undefined || ticket.branchId === branchId) ? ticket : undefined;
    }
    const rows = await this.db.all<TicketRow>(
      `SELECT * FROM tickets WHERE CAST(substr(number, 9) AS INTEGER) = ? ${branchId === undefined ? '' : 'AND branch_id = ?'}
       ORDER BY substr(number, 4, 4) DESC, id DESC`,
      branchId === undefined ? [ref.seq] : [ref.seq, branchId],
    );
    const tickets = rows.map(toTicket);
    return tickets.find((t) => t.number.startsWith(`TG-${currentYear}-`)) ?? tickets[0];
  }

  async require(number: string): Promise<Ticket> {
    const ticket = await this.get(number);
    if (!ticket) throw new TicketError(`Không có yêu cầu số ${number}`);
    return ticket;
  }

  async listForUser(channel: string, userId: string): Promise<Ticket[]> {
    const rows = await this.db.all<TicketRow>('SELECT * FROM tickets WHERE channel = ? AND user_id = ? ORDER BY id DESC', [channel, userId]);
    return rows.map(toTicket);
  }

  async list(filter: TicketFilter = {}): Promise<Ticket[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.branchId) {
      where.push('branch_id = ?');
      params.push(filter.branchId);
    }
    if (filter.urgent !== undefined) {
      where.push('urgent = ?');
      params.push(filter.urgent ? 1 : 0);
    }
    if (filter.eligibility) {
      where.push("(json_extract(draft, '$.eligibility') = ? OR json_extract(draft, '$.eligibility') LIKE ?)");
      params.push(filter.eligibility, `${filter.eligibility} %`);
    }
    const rows = await this.db.all<TicketRow>(
      `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY urgent DESC, id`,
      params,
    );
    return rows.map(toTicket);
  }

  /**
   * Moves a ticket to `to`, if its status allows it, and logs the change. The check and the change
   * are one transaction and the UPDATE expects the status it checked, so of two staff acting on the
   * same ticket at once only one succeeds; the other is told the ticket's new status.
   */
  async transition(number: string, to: TicketStatus, actor: string, note: string, now: Date): Promise<Ticket> {
    return this.db.transaction(async () => {
      const ticket = await this.require(number);
      const refused = () => new TicketError(`Yêu cầu ${ticket.number} đang ở trạng thái "${statusName(ticket.status)}", không chuyển sang "${statusName(to)}" được`);
      if (!NEXT_STATUSES[ticket.status].includes(to)) throw refused();
      const at = now.toISOString();
      await this.changeStatus(ticket, 'UPDATE tickets SET status = ?, updated_at = ?', [to, at], refused);
      await this.event(ticket.id, at, actor, 'status', ticket.status, to, note);
      return (await this.get(ticket.number))!;
    });
  }

  /**
   * Sends a ticket to a branch (or the centre) and logs it: "routed" to be accepted there, or
   * "triaged" when it comes back to the centre to be looked at again.
   */
  async route(number: string, branchId: string, actor: string, note: string, now: Date, to: 'routed' | 'triaged' = 'routed'): Promise<Ticket> {
    return this.db.transaction(async () => {
      const ticket = await this.require(number);
      const at = now.toISOString();
      const refused = () => new TicketError(`Yêu cầu ${ticket.number} đang ở trạng thái "${statusName(ticket.status)}", không chuyển đi được`);
      if (ticket.status !== to && !NEXT_STATUSES[ticket.status].includes(to)) throw refused();
      await this.changeStatus(
        ticket,
        'UPDATE tickets SET branch_id = ?, status = ?, routed_at = ?, reminded_at = NULL, escalated_at = NULL, updated_at = ?',
        [branchId, to, at, at],
        refused,
      );
      await this.event(ticket.id, at, actor, 'route', ticket.status, to, `${branchId}${note ? `: ${note}` : ''}`);
      return (await this.get(ticket.number))!;
    });
  }

  async assign(number: string, assignee: string, actor: string, now: Date): Promise<Ticket> {
    return this.db.transaction(async () => {
      const ticket = await this.require(number);
      const at = now.toISOString();
      await this.db.run('UPDATE tickets SET assignee = ?, updated_at = ? WHERE id = ?', [assignee, at, ticket.id]);
      await this.event(ticket.id, at, actor, 'assign', ticket.status, ticket.status, assignee);
      return (await this.get(ticket.number))!;
    });
  }

  async setEligibilityChecked(number: string, ok: boolean, actor: string, note: string, now: Date): Promise<Ticket> {
    return this.db.transaction(async () => {
      const ticket = await this.require(number);
      const at = now.toISOString();
      await this.db.run('UPDATE tickets SET eligibility_checked = ?, updated_at = ? WHERE id = ?', [ok ? 1 : 0, at, ticket.id]);
      await this.event(ticket.id, at, actor, ok ? 'eligibility_ok' : 'eligibility_not_ok', ticket.status, ticket.status, note);
      return (await this.get(ticket.number))!;
    });
  }

  /** Logs an action that does not change the status (a note, a reply, a reminder). */
  async log(number: string, actor: string, action: string, note: string, now: Date): Promise<void> {
    await this.db.transaction(async () => {
      const ticket = await this.require(number);
      await this.event(ticket.id, now.toISOString(), actor, action, ticket.status, ticket.status, note);
    });
  }

  async markReminded(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE tickets SET reminded_at = ? WHERE id = ?', [now.toISOString(), id]);
  }

  async markEscalated(id: number, now: Date): Promise<void> {
    await this.db.run('UPDATE tickets SET escalated_at = ? WHERE id = ?', [now.toISOString(), id]);
  }

  /** Remembers a ticket card sent to a staff chat, so its choices can be answered by typing. */
  async addCard(channel: string, chatId: string, number: string, target: string, choices: TicketCard['choices'], now: Date): Promise<void> {
    const ticket = await this.require(number);
    await this.db.run('INSERT INTO ticket_cards (channel, chat_id, ticket_id, target, choices, sent_at) VALUES (?, ?, ?, ?, ?, ?)', [
      channel,
      chatId,
      ticket.id,
      target,
      JSON.stringify(choices),
      now.toISOString(),
    ]);
  }

  /** The latest ticket cards sent to a chat, newest first. */
  async cards(channel: string, chatId: string, limit = 50): Promise<TicketCard[]> {
    const rows = await this.db.all<{ number: string; target: string; choices: string; sent_at: string }>(
      `SELECT t.number, c.target, c.choices, c.sent_at FROM ticket_cards c JOIN tickets t ON t.id = c.ticket_id
       WHERE c.channel = ? AND c.chat_id = ? ORDER BY c.id DESC LIMIT ?`,
      [channel, chatId, limit],
    );
    return rows.map((r) => ({ ticketNumber: r.number, target: r.target, choices: JSON.parse(r.choices) as TicketCard['choices'], sentAt: r.sent_at }));
  }

  async events(number: string): Promise<TicketEvent[]> {
    const ticket = await this.require(number);
    const rows = await this.db.all<{ at: string; actor: string; action: string; from_status: TicketStatus | null; to_status: TicketStatus | null; note: string }>(
      'SELECT at, actor, action, from_status, to_status, note FROM ticket_events WHERE ticket_id = ? ORDER BY id',
      [ticket.id],
    );
    return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, from: r.from_status, to: r.to_status, note: r.note }));
  }

  /**
   * Runs `update` ("UPDATE tickets SET …", without WHERE) on the ticket only if its status is still
   * the one read; otherwise (changed by another process meanwhile) throws what `refused` makes.
   */
  private async changeStatus(ticket: Ticket, update: string, params: Array<string | number | null>, refused: () => TicketError): Promise<void> {
    const { changes } = await this.db.run(`${update} WHERE id = ? AND status = ?`, [...params, ticket.id, ticket.status]);
    if (changes !== 1) throw refused();
  }

  private async event(ticketId: number, at: string, actor: string, action: string, from: TicketStatus | null, to: TicketStatus | null, note: string): Promise<void> {
    await this.db.run(
      'INSERT INTO ticket_events (ticket_id, at, actor, action, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [ticketId, at, actor, action, from, to, note],
    );
  }
}
