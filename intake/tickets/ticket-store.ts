/**
 * Tickets in SQLite, with an audit log of every change (who, when, from → to, note) and short
 * readable numbers per year ("TG-2026-000123").
 *
 * What a person gave (the draft: name, phone, address, story) and the notes of the history are
 * sealed at rest (lib/vault.ts); tickets are found by phone number through keyed-HMAC lookups
 * (ticket_lookups), never through the number itself. A closed ticket is anonymised after the
 * retention period or on the person's request: what identifies the person goes, the statistics stay
 * (eligibility group, field, branch, dates, outcome, channel).
 */
import { migrate } from '../../lib/migrate.ts';
import { SEALED } from '../../lib/sealed-columns.ts';
import type { SqlDatabase } from '../../lib/sql-database.ts';
import type { Vault } from '../../lib/vault.ts';
import type { EligibilityStatus } from '../eligibility/check.ts';
import { normalizePhone } from '../request/phone.ts';
import { DEFAULT_TIME_ZONE, localYear } from './local-time.ts';
import { statusName } from './staff-labels.ts';
import { FINAL_STATUSES, NEXT_STATUSES, type Ticket, type TicketDraft, type TicketEvent, type TicketStatus } from './ticket.ts';
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
  closed_at: string | null;
  anonymised_at: string | null;
}

/**
 * What an anonymised ticket keeps of its draft: the statistics, nothing that identifies the person
 * (no name, birth year, phone, address or commune, facts, story, deadline or requester).
 */
const KEPT_FOR_STATISTICS = ['forWhom', 'eligibility', 'field', 'urgent', 'contact', 'provinceCode', 'criminalRole', 'referral'] as const;

/** The personal fields of an anonymised ticket, emptied. */
const ERASED: Pick<TicketDraft, 'fullName' | 'birthYear' | 'phone' | 'addressText' | 'communeCode' | 'communeName' | 'facts' | 'description' | 'deadline'> = {
  fullName: '',
  birthYear: 0,
  phone: '',
  addressText: '',
  communeCode: null,
  communeName: null,
  facts: {},
  description: '',
  deadline: null,
};

/** A phone number as typed ("+84 912.345.678") → what its lookup is made of ("0912345678"). */
export function phoneLookupKey(phone: string): string {
  const digits = phone.replace(/[\s.\-()+]/gu, '');
  return normalizePhone(phone) ?? (digits.startsWith('84') && digits.length >= 11 ? `0${digits.slice(2)}` : digits);
}

/** The phone numbers a draft holds (the person's, the requester's), as lookup keys. */
function draftPhones(draft: TicketDraft): string[] {
  return [...new Set([draft.phone, draft.requester?.phone].filter((p): p is string => typeof p === 'string' && p !== '').map(phoneLookupKey))];
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
  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: Vault,
  ) {}

  private toTicket(row: TicketRow): Ticket {
    const draft = this.vault.openJson<TicketDraft>(row.draft, SEALED.ticketDraft);
    return {
      ...(row.anonymised_at ? ERASED : {}),
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
      closedAt: row.closed_at,
      anonymisedAt: row.anonymised_at,
    };
  }

  /** Brings the database to the current schema (the tables are made by lib/migrations/). */
  async init(): Promise<void> {
    await migrate(this.db, { vault: this.vault });
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
      await this.db.run('INSERT INTO ticket_counters (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = ticket_counters.last + 1', [year]);
      const { last } = (await this.db.get<{ last: number }>('SELECT last FROM ticket_counters WHERE year = ?', [year]))!;
      const number = formatTicketNumber(year, last);
      const lastID = await this.db.insert(
        `INSERT INTO tickets (number, status, channel, chat_id, user_id, branch_id, draft, urgent, created_at, updated_at)
         VALUES (?, 'new', ?, ?, ?, 'centre', ?, ?, ?, ?)`,
        [number, origin.channel, origin.chatId, origin.userId, this.vault.sealJson(draft, SEALED.ticketDraft), draft.urgent ? 1 : 0, at, at],
      );
      await this.addLookups(lastID, draft);
      await this.event(lastID, at, actor, 'create', null, 'new', '');
      return (await this.get(number))!;
    });
  }

  async get(number: string): Promise<Ticket | undefined> {
    const row = await this.db.get<TicketRow>('SELECT * FROM tickets WHERE number = ?', [number.trim().toUpperCase()]);
    return row ? this.toTicket(row) : undefined;
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
    const tickets = rows.map((r) => this.toTicket(r));
    return tickets.find((t) => t.number.startsWith(`TG-${currentYear}-`)) ?? tickets[0];
  }

  async require(number: string): Promise<Ticket> {
    const ticket = await this.get(number);
    if (!ticket) throw new TicketError(`Không có yêu cầu số ${number}`);
    return ticket;
  }

  async listForUser(channel: string, userId: string): Promise<Ticket[]> {
    const rows = await this.db.all<TicketRow>('SELECT * FROM tickets WHERE channel = ? AND user_id = ? ORDER BY id DESC', [channel, userId]);
    return rows.map((r) => this.toTicket(r));
  }

  /** The tickets holding this phone number (the person's or the requester's), newest first. */
  async findByPhone(phone: string): Promise<Ticket[]> {
    const candidates = this.vault.lookupCandidates('phone', phoneLookupKey(phone));
    const rows = await this.db.all<TicketRow>(
      `SELECT * FROM tickets WHERE id IN (SELECT ticket_id FROM ticket_lookups WHERE kind = 'phone' AND value IN (${candidates.map(() => '?').join(', ')}))
       ORDER BY id DESC`,
      candidates,
    );
    return rows.map((r) => this.toTicket(r));
  }

  /** The tickets filed from a conversation (any user in it), newest first. */
  async listForChat(channel: string, chatId: string): Promise<Ticket[]> {
    const rows = await this.db.all<TicketRow>('SELECT * FROM tickets WHERE channel = ? AND chat_id = ? ORDER BY id DESC', [channel, chatId]);
    return rows.map((r) => this.toTicket(r));
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
    const rows = await this.db.all<TicketRow>(
      `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY urgent DESC, id`,
      params,
    );
    const tickets = rows.map((r) => this.toTicket(r));
    // The eligibility result is inside the sealed draft: filtered once opened.
    const wanted = filter.eligibility;
    return wanted ? tickets.filter((t) => t.eligibility === wanted || t.eligibility.startsWith(`${wanted} `)) : tickets;
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
      const closedAt = FINAL_STATUSES.includes(to) ? at : null;
      await this.changeStatus(ticket, 'UPDATE tickets SET status = ?, updated_at = ?, closed_at = ?', [to, at, closedAt], refused);
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
    return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, from: r.from_status, to: r.to_status, note: this.vault.open(r.note, SEALED.ticketNote) }));
  }

  /**
   * Closed tickets not yet anonymised whose status is one of `statuses` and which closed before
   * `before`, oldest first.
   */
  async closedBefore(statuses: readonly TicketStatus[], before: Date): Promise<Array<{ id: number; number: string }>> {
    if (statuses.length === 0) return [];
    return this.db.all(
      `SELECT id, number FROM tickets WHERE anonymised_at IS NULL AND closed_at IS NOT NULL AND closed_at < ?
       AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY closed_at`,
      [before.toISOString(), ...statuses],
    );
  }

  /**
   * Anonymises a closed ticket: the draft keeps only the statistics, the conversation it came from is
   * forgotten, the notes of its history are emptied and its phone lookups deleted; the status, branch,
   * dates and channel stay. Open tickets are refused (their data is needed to help the person).
   */
  async anonymise(number: string, actor: string, now: Date): Promise<Ticket> {
    return this.db.transaction(async () => {
      const ticket = await this.require(number);
      if (ticket.anonymisedAt) return ticket;
      if (!FINAL_STATUSES.includes(ticket.status)) {
        throw new TicketError(`Yêu cầu ${ticket.number} đang ở trạng thái "${statusName(ticket.status)}": chỉ yêu cầu đã kết thúc mới ẩn danh được`);
      }
      const kept = Object.fromEntries(KEPT_FOR_STATISTICS.filter((k) => ticket[k] !== undefined).map((k) => [k, ticket[k]]));
      const at = now.toISOString();
      await this.db.run("UPDATE tickets SET draft = ?, chat_id = '', user_id = '', anonymised_at = ? WHERE id = ?", [
        this.vault.sealJson(kept, SEALED.ticketDraft),
        at,
        ticket.id,
      ]);
      await this.db.run("UPDATE ticket_events SET note = '' WHERE ticket_id = ?", [ticket.id]);
      await this.db.run('DELETE FROM ticket_lookups WHERE ticket_id = ?', [ticket.id]);
      // Its satisfaction survey keeps the numbered answers; the comment and the chat go.
      await this.db.run("UPDATE surveys SET comment = '', chat_id = '' WHERE ticket_id = ?", [ticket.id]);
      await this.event(ticket.id, at, actor, 'anonymise', ticket.status, ticket.status, '');
      return (await this.get(ticket.number))!;
    });
  }

  /** Makes every phone lookup again with the active key (after a key rotation; inside its transaction). */
  async rebuildLookups(): Promise<number> {
    await this.db.run('DELETE FROM ticket_lookups');
    let count = 0;
    const rows = await this.db.all<{ id: number; draft: string }>('SELECT id, draft FROM tickets WHERE anonymised_at IS NULL');
    for (const row of rows) count += await this.addLookups(row.id, this.vault.openJson<TicketDraft>(row.draft, SEALED.ticketDraft));
    return count;
  }

  private async addLookups(ticketId: number, draft: TicketDraft): Promise<number> {
    const phones = draftPhones(draft);
    for (const phone of phones) {
      await this.db.run("INSERT INTO ticket_lookups (ticket_id, kind, value) VALUES (?, 'phone', ?)", [ticketId, this.vault.lookup('phone', phone)]);
    }
    return phones.length;
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
      [ticketId, at, actor, action, from, to, this.vault.seal(note, SEALED.ticketNote)],
    );
  }
}
