/**
 * Who read which person's data, and when: every staff read of a ticket's personal data (the desk's
 * /xem and `tgpl tickets show`, a search by phone, a person's data shown, exported or erased) is
 * written here before the data is shown, and so is a citizen's own erasure request. The log holds
 * no personal data itself: the actor (a staff id, "cli:<os user>", "citizen:<channel>"), the
 * ticket number, the action and the channel it came through. `tgpl audit` reads it.
 */
import type { SqlDatabase } from '../../lib/sql-database.ts';

export const ACCESS_ACTIONS = [
  /** A ticket's details shown (/xem, tgpl tickets show, --json output of a ticket). */
  'view',
  /** Tickets listed with their personal data (tgpl tickets list --json). */
  'list',
  /** Tickets found by a phone number (/tim, tgpl tickets list --phone). */
  'search',
  /** What is held about a person shown (/dulieu, tgpl person show). */
  'person_show',
  /** Everything held about a person exported (tgpl person export). */
  'person_export',
  /** A person's data erased at their request through staff (/xoadulieu, tgpl person delete). */
  'person_delete',
  /** The citizen asked, in the chat, to see what is held about them. */
  'subject_access',
  /** The citizen erased their own data in the chat. */
  'subject_erase',
  /** The citizen withdrew their consent in the chat (open requests withdrawn, data erased). */
  'consent_withdrawn',
  /** A form filled with a ticket's personal data written to a file (tgpl forms; the citizen's own Mẫu 02 in the chat). */
  'form',
  /** The case register (Mẫu 01) with personal data written to a spreadsheet (tgpl report). */
  'register',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export interface AccessEntry {
  at: string;
  actor: string;
  /** The ticket read (null: the action concerned a person with no ticket, e.g. a draft only). */
  ticketNumber: string | null;
  action: AccessAction;
  /** The channel the action came through ("telegram", "zalo", "console", "cli"). */
  via: string;
}

export interface AccessFilter {
  ticketNumber?: string;
  /** Entries at or after this time. */
  since?: Date;
  /** At most this many, newest last (default 1,000). */
  limit?: number;
}

export class AccessLog {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Records one action on each of `ticketNumbers` (one entry with no ticket when the list is empty).
   * Call it before showing the data, in the same transaction when there is one.
   */
  async record(actor: string, action: AccessAction, via: string, ticketNumbers: readonly string[], now: Date): Promise<void> {
    const at = now.toISOString();
    const numbers = ticketNumbers.length > 0 ? [...new Set(ticketNumbers)] : [null];
    for (const number of numbers) {
      await this.db.run('INSERT INTO access_log (at, actor, ticket_number, action, via) VALUES (?, ?, ?, ?, ?)', [at, actor, number, action, via]);
    }
  }

  /** Entries matching `filter`, oldest first (the latest `limit`). */
  async list(filter: AccessFilter = {}): Promise<AccessEntry[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.ticketNumber) {
      where.push('ticket_number = ?');
      params.push(filter.ticketNumber);
    }
    if (filter.since) {
      where.push('at >= ?');
      params.push(filter.since.toISOString());
    }
    const rows = await this.db.all<{ at: string; actor: string; ticket_number: string | null; action: AccessAction; via: string }>(
      `SELECT * FROM (SELECT id, at, actor, ticket_number, action, via FROM access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ?) AS latest ORDER BY id`,
      [...params, filter.limit ?? 1000],
    );
    return rows.map((r) => ({ at: r.at, actor: r.actor, ticketNumber: r.ticket_number, action: r.action, via: r.via }));
  }
}
