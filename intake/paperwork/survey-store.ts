/**
 * The satisfaction surveys (lib/migrations/006-paperwork.ts): one row per ticket closed as done, made
 * when it closes (the ticket id is the key: asked once per ticket, whoever closes it and however
 * often), never for a conversation that declined a survey before. Answers are numbers per question
 * (plain: no personal data); the optional comment is free text and sealed (lib/vault.ts).
 */
import { SEALED } from '../../lib/sealed-columns.ts';
import type { SqlDatabase } from '../../lib/sql-database.ts';
import type { Vault } from '../../lib/vault.ts';
import type { Ticket } from '../tickets/ticket.ts';

/**
 * waiting: to be asked once the person is back at the menu (they were busy with a form); asked: the
 * invitation was sent; answering: questions under way; done: all answered; ended: "không" midway;
 * declined: "không" to the invitation.
 */
export type SurveyStatus = 'waiting' | 'asked' | 'answering' | 'done' | 'ended' | 'declined';

export interface Survey {
  ticketId: number;
  channel: string;
  chatId: string;
  status: SurveyStatus;
  /** Question id → the number of the answer chosen (1-based). */
  answers: Record<string, number>;
  comment: string;
  askedAt: string;
  finishedAt: string | null;
}

interface Row {
  ticket_id: number;
  channel: string;
  chat_id: string;
  status: SurveyStatus;
  answers: string;
  comment: string;
  asked_at: string;
  finished_at: string | null;
}

export class SurveyStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: Vault,
  ) {}

  private toSurvey = (r: Row): Survey => ({
    ticketId: r.ticket_id,
    channel: r.channel,
    chatId: r.chat_id,
    status: r.status,
    answers: JSON.parse(r.answers) as Record<string, number>,
    comment: r.comment === '' ? '' : this.vault.open(r.comment, SEALED.surveyComment),
    askedAt: r.asked_at,
    finishedAt: r.finished_at,
  });

  /**
   * Records that the person of a ticket closed as done is asked, unless they were asked about it
   * already, declined a survey before, or cannot be reached (an anonymised ticket). Resolves to true
   * when they are to be asked now.
   */
  async invite(ticket: Ticket, now: Date, status: 'asked' | 'waiting' = 'asked'): Promise<boolean> {
    if (ticket.status !== 'done' || !ticket.chatId || ticket.anonymisedAt) return false;
    if (await this.declined(ticket.channel, ticket.chatId)) return false;
    const { changes } = await this.db.run('INSERT INTO surveys (ticket_id, channel, chat_id, status, asked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [
      ticket.id,
      ticket.channel,
      ticket.chatId,
      status,
      now.toISOString(),
    ]);
    return changes === 1;
  }

  /** Surveys waiting for their person to be free, oldest first, with their ticket's number and user. */
  async waiting(limit = 100): Promise<Array<{ ticketId: number; number: string; channel: string; chatId: string; userId: string }>> {
    return this.db.all(
      `SELECT s.ticket_id AS "ticketId", t.number AS number, s.channel AS channel, s.chat_id AS "chatId", t.user_id AS "userId"
       FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE s.status = 'waiting' AND s.chat_id != '' ORDER BY s.asked_at, s.ticket_id LIMIT ?`,
      [limit],
    );
  }

  /** A waiting survey is being asked now (false: someone else got to it first). */
  async markAsked(ticketId: number, now: Date): Promise<boolean> {
    const { changes } = await this.db.run("UPDATE surveys SET status = 'asked', asked_at = ? WHERE ticket_id = ? AND status = 'waiting'", [now.toISOString(), ticketId]);
    return changes === 1;
  }

  async declined(channel: string, chatId: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS x FROM survey_declines WHERE channel = ? AND chat_id = ?', [channel, chatId])) !== undefined;
  }

  async get(ticketId: number): Promise<Survey | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM surveys WHERE ticket_id = ?', [ticketId]);
    return row ? this.toSurvey(row) : undefined;
  }

  /** The person declines: this survey is closed and the conversation is never asked again. */
  async decline(ticketId: number, now: Date): Promise<void> {
    const survey = await this.get(ticketId);
    if (!survey) return;
    await this.db.transaction(async () => {
      await this.db.run("UPDATE surveys SET status = 'declined', finished_at = ? WHERE ticket_id = ?", [now.toISOString(), ticketId]);
      await this.db.run('INSERT INTO survey_declines (channel, chat_id, declined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [survey.channel, survey.chatId, now.toISOString()]);
    });
  }

  /** Records one numbered answer. */
  async answer(ticketId: number, questionId: string, choice: number): Promise<void> {
    const survey = await this.get(ticketId);
    if (!survey) return;
    const answers = { ...survey.answers, [questionId]: choice };
    await this.db.run("UPDATE surveys SET status = 'answering', answers = ? WHERE ticket_id = ?", [JSON.stringify(answers), ticketId]);
  }

  /** Ends the survey: every question answered ("done", with an optional comment) or stopped midway ("ended"). */
  async finish(ticketId: number, status: 'done' | 'ended', now: Date, comment = ''): Promise<void> {
    const sealed = comment.trim() === '' ? '' : this.vault.seal(comment.trim(), SEALED.surveyComment);
    await this.db.run('UPDATE surveys SET status = ?, comment = ?, finished_at = ? WHERE ticket_id = ?', [status, sealed, now.toISOString(), ticketId]);
  }

  /** The surveys of these tickets (for the report). */
  async forTickets(ticketIds: readonly number[]): Promise<Survey[]> {
    if (ticketIds.length === 0) return [];
    const out: Survey[] = [];
    for (let i = 0; i < ticketIds.length; i += 500) {
      const batch = ticketIds.slice(i, i + 500);
      const rows = await this.db.all<Row>(`SELECT * FROM surveys WHERE ticket_id IN (${batch.map(() => '?').join(', ')})`, [...batch]);
      out.push(...rows.map(this.toSurvey));
    }
    return out;
  }

  /** Erases the comments and the chat of the surveys of a ticket (when the ticket is anonymised). */
  async forget(ticketId: number): Promise<void> {
    await this.db.run("UPDATE surveys SET comment = '', chat_id = '' WHERE ticket_id = ?", [ticketId]);
  }
}
