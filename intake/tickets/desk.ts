/**
 * The staff desk: filing a request and routing it, and what hotline and branch staff do with
 * tickets (list, show, assign, reply, note, accept, return, reject, status, eligibility checked),
 * from a staff chat or the CLI. Only configured staff act; branch staff see only their branch's
 * tickets. Messages to staff chats and citizens go through the outbox.
 *
 * Each action is one transaction on the database the store and the outbox share: what it reads
 * (the ticket's status) cannot change before it writes, so of two staff acting on one ticket at
 * once the second is told the ticket's new status; and a ticket's change and the messages it
 * causes are written together or not at all.
 */
import { isoDateIn, type Clock } from '../../lib/clock.ts';
import { loadMessages } from '../../lib/messages.ts';
import type { Outbox } from '../../lib/outbox.ts';
import { loadParameter } from '../../lib/parameters.ts';
import { fileURLToPath } from 'node:url';
import { CENTRE_ID, type BranchDirectory, type RouteTarget, type StaffMember } from '../routing/directory.ts';
import { fieldLabel } from './fields.ts';
import { localDate, localDateTime, localYear } from './local-time.ts';
import { eligibilityName, statusName } from './staff-labels.ts';
import type { AccessAction, AccessLog } from './access-log.ts';
import { TicketError, type TicketCard, type TicketFilter, type TicketStore } from './ticket-store.ts';
import type { Ticket, TicketDraft, TicketStatus } from './ticket.ts';
import { describeRef, parseTicketRef } from './ticket-number.ts';
import { urgentRuleSchema, workingDaysBetween } from './working-days.ts';

export const deskMessages = loadMessages(new URL('./messages.vi.yaml', import.meta.url), [
  'routed', 'urgent_mark', 'alert_centre', 'reason_urgent', 'reason_criminal', 'reminder', 'escalated', 'staff_reply',
  'status_changed', 'status_changed_note', 'returned', 'choice_accept', 'choice_return', 'choice_reject', 'withdrawn_consent',
]);
export const statusLabels = loadMessages(new URL('./status-labels.vi.yaml', import.meta.url), [
  'new', 'triaged', 'routed', 'accepted', 'in_progress', 'done', 'rejected', 'not_eligible', 'withdrawn',
]);

/** The choices on a routed ticket's card, in the order they are shown ("1. Nhận 2. Trả về 3. Từ chối"). */
export const CARD_ACTIONS = ['accept', 'return', 'reject'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];

const urgentRule = loadParameter(fileURLToPath(new URL('../parameters/urgent-deadline.yaml', import.meta.url)), urgentRuleSchema);

/**
 * Someone acting on tickets: a staff member, the CLI operator (centre; `user` is the account that
 * ran the command, for the access log), or the citizen.
 */
export type Actor =
  | { kind: 'staff'; member: StaffMember; /** Acting through another channel than the member's own (the web desk: "web"). */ via?: string }
  | { kind: 'operator'; user?: string }
  | { kind: 'citizen'; channel: string; userId: string };

export function actorName(actor: Actor): string {
  if (actor.kind === 'staff') return `${actor.member.channel}:${actor.member.userId}`;
  if (actor.kind === 'operator') return 'cli';
  return `citizen:${actor.channel}`;
}

/** The actor as the access log names them ("zalo:z-an", "cli:hoa", "citizen:telegram"). */
export function accessActorName(actor: Actor): string {
  return actor.kind === 'operator' ? `cli:${actor.user ?? 'unknown'}` : actorName(actor);
}

/** The channel an actor acts through ("cli" for the command line). */
export function actorVia(actor: Actor): string {
  if (actor.kind === 'staff') return actor.via ?? actor.member.channel;
  if (actor.kind === 'operator') return 'cli';
  return actor.channel;
}

/** Refused: the actor may not do this. */
export class PermissionError extends Error {
  override name = 'PermissionError';
}

export interface DeskOptions {
  store: TicketStore;
  /** Where staff reads of personal data are recorded. */
  access: AccessLog;
  directory: BranchDirectory;
  outbox: Outbox;
  clock: Clock;
  timeZone: string;
  remindAfterHours: number;
  escalateAfterHours: number;
}

export class Desk {
  private readonly doneListeners: Array<(ticket: Ticket) => Promise<void>> = [];

  constructor(readonly options: DeskOptions) {}

  /**
   * Calls `listener` when a ticket is closed as done, inside the transaction that closes it (the
   * satisfaction survey, bot/flows/survey.ts): it happens with the change or not at all.
   */
  onDone(listener: (ticket: Ticket) => Promise<void>): void {
    this.doneListeners.push(listener);
  }

  private get now(): Date {
    return this.options.clock.now();
  }

  /** Whether a deadline ("YYYY-MM-DD") makes a request urgent today (TT 12/2018/TT-BTP Điều 6). */
  isUrgent(deadline: string | null): boolean {
    if (!deadline) return false;
    const today = isoDateIn(this.now, this.options.timeZone);
    const rule = urgentRule.at(today)!;
    return workingDaysBetween(today, deadline) < rule.workingDaysUnder;
  }

  /** Files a citizen's request, routes it by commune and field, and tells the staff chats. */
  async file(draft: TicketDraft, origin: { channel: string; chatId: string; userId: string }): Promise<Ticket> {
    return this.atomically(() => this.fileNow(draft, origin));
  }

  private async fileNow(draft: TicketDraft, origin: { channel: string; chatId: string; userId: string }): Promise<Ticket> {
    const { store, directory } = this.options;
    const created = await store.create(
      draft,
      origin,
      actorName({ kind: 'citizen', channel: origin.channel, userId: origin.userId }),
      this.now,
      this.options.timeZone,
    );
    const target = directory.route(draft.communeCode, draft.field);
    const ticket = await store.route(created.number, target.id, 'system', 'theo địa bàn', this.now);
    await this.notify(target, this.routedMessage(ticket), ticket, true);
    const reasons = [draft.urgent ? deskMessages.say('reason_urgent') : '', draft.field === 'hinh_su' ? deskMessages.say('reason_criminal') : '']
      .filter(Boolean)
      .join(', ');
    if (reasons && !target.isCentre) {
      await this.notify(directory.centre, deskMessages.say('alert_centre', { number: ticket.number, reason: reasons, target: target.name }), ticket);
    }
    return ticket;
  }

  /** Tickets the actor may see, filtered. */
  async list(actor: Actor, filter: TicketFilter = {}): Promise<Ticket[]> {
    const scope = this.scope(actor);
    return this.options.store.list(scope ? { ...filter, branchId: scope } : filter);
  }

  /** A ticket with its history, for staff: the read is recorded in the access log first. */
  async show(actor: Actor, number: string) {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      await this.recordAccess(actor, 'view', [ticket.number]);
      return { ticket, events: await this.options.store.events(ticket.number) };
    });
  }

  /**
   * The tickets holding a phone number (the person's or the requester's) that the actor may see,
   * newest first; the search is recorded in the access log for each ticket found.
   */
  async findByPhone(actor: Actor, phone: string): Promise<Ticket[]> {
    const scope = this.scope(actor);
    return this.atomically(async () => {
      const found = (await this.options.store.findByPhone(phone)).filter((t) => scope === undefined || t.branchId === scope);
      await this.recordAccess(actor, 'search', found.map((t) => t.number));
      return found;
    });
  }

  /** Records that the actor read personal data of these tickets (a listing printed with it, say). */
  async recordAccess(actor: Actor, action: AccessAction, ticketNumbers: readonly string[]): Promise<void> {
    await this.options.access.record(accessActorName(actor), action, actorVia(actor), ticketNumbers, this.now);
  }

  async accept(actor: Actor, number: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      const updated = await this.options.store.transition(ticket.number, 'accepted', actorName(actor), '', this.now);
      await this.tellCitizen(updated, deskMessages.say('status_changed', { number: updated.number, status: statusLabels.say('accepted') }));
      return updated;
    });
  }

  /** A branch gives a ticket back to the centre. */
  async returnToCentre(actor: Actor, number: string, note: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      const { store, directory } = this.options;
      if (ticket.status !== 'routed' && ticket.status !== 'accepted') {
        throw new TicketError(`Yêu cầu ${ticket.number} đang ở trạng thái "${statusName(ticket.status)}", không trả về được`);
      }
      const back = await store.route(ticket.number, CENTRE_ID, actorName(actor), note || 'trả về Trung tâm', this.now, 'triaged');
      await this.notify(directory.centre, deskMessages.say('returned', { number: ticket.number, note: note || '—' }), ticket);
      return back;
    });
  }

  /** Sends a ticket to a branch (or "centre"), as hotline staff do. */
  async reroute(actor: Actor, number: string, branchId: string): Promise<Ticket> {
    this.requireCentre(actor);
    const target = this.options.directory.target(branchId);
    if (!target) throw new TicketError(`Không có chi nhánh "${branchId}"`);
    return this.atomically(async () => {
      const found = await this.ticket(actor, number);
      const ticket = await this.options.store.route(found.number, target.id, actorName(actor), 'chuyển tay', this.now);
      await this.notify(target, this.routedMessage(ticket), ticket, true);
      return ticket;
    });
  }

  async reject(actor: Actor, number: string, reason: string): Promise<Ticket> {
    if (reason.trim() === '') throw new TicketError('Cần ghi lý do từ chối');
    return this.setStatus(actor, number, 'rejected', reason);
  }

  async setStatus(actor: Actor, number: string, to: TicketStatus, note: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      const updated = await this.options.store.transition(ticket.number, to, actorName(actor), note, this.now);
      const status = statusLabels.say(to);
      await this.tellCitizen(
        updated,
        note && (to === 'rejected' || to === 'not_eligible')
          ? deskMessages.say('status_changed_note', { number: updated.number, status, note })
          : deskMessages.say('status_changed', { number: updated.number, status }),
      );
      if (to === 'done') for (const listener of this.doneListeners) await listener(updated);
      return updated;
    });
  }

  async assign(actor: Actor, number: string, assignee: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      return this.options.store.assign(ticket.number, assignee, actorName(actor), this.now);
    });
  }

  /** Staff write to the citizen; the message reaches them on their own channel. */
  async reply(actor: Actor, number: string, text: string): Promise<Ticket> {
    if (text.trim() === '') throw new TicketError('Nội dung trả lời đang trống');
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      await this.tellCitizen(ticket, deskMessages.say('staff_reply', { number: ticket.number, text: text.trim() }));
      await this.options.store.log(ticket.number, actorName(actor), 'reply', `${text.trim().length} ký tự`, this.now);
      return ticket;
    });
  }

  async note(actor: Actor, number: string, text: string): Promise<Ticket> {
    if (text.trim() === '') throw new TicketError('Ghi chú đang trống');
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      await this.options.store.log(ticket.number, actorName(actor), 'note', text.trim(), this.now);
      return ticket;
    });
  }

  async eligibilityChecked(actor: Actor, number: string, ok: boolean, note: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ticket = await this.ticket(actor, number);
      return this.options.store.setEligibilityChecked(ticket.number, ok, actorName(actor), note, this.now);
    });
  }

  /** The citizen withdraws one of their own requests. */
  async withdraw(actor: Extract<Actor, { kind: 'citizen' }>, number: string): Promise<Ticket> {
    return this.atomically(async () => {
      const ref = parseTicketRef(number);
      const ticket = ref ? await this.options.store.find(ref, this.year) : undefined;
      if (!ticket) throw new TicketError(`Không có yêu cầu số ${number.trim().toUpperCase()}`);
      if (ticket.channel !== actor.channel || ticket.userId !== actor.userId) throw new PermissionError('Yêu cầu này không phải của bạn');
      return this.options.store.transition(ticket.number, 'withdrawn', actorName(actor), 'người yêu cầu rút', this.now);
    });
  }

  /**
   * Tells the staff chats where a ticket is that the citizen withdrew it with their consent (staff
   * stop work on it). The message holds the number alone and is not tied to the person's chat, so it
   * survives the erasure that follows.
   */
  async ticketWithdrawn(ticket: Ticket): Promise<void> {
    const target = this.options.directory.target(ticket.branchId) ?? this.options.directory.centre;
    await this.notify(target, deskMessages.say('withdrawn_consent', { number: ticket.number }));
  }

  /** Of `tickets`, those the actor may see (branch staff: their branch's). */
  visible(actor: Actor, tickets: Ticket[]): Ticket[] {
    const scope = actor.kind === 'citizen' ? undefined : this.scope(actor);
    return scope === undefined ? tickets : tickets.filter((t) => t.branchId === scope);
  }

  /**
   * Reminds branches of routed tickets not accepted in time, then escalates to the centre.
   * Called on a timer; returns what it did.
   */
  async tick(): Promise<{ reminded: string[]; escalated: string[] }> {
    const { store, directory, remindAfterHours, escalateAfterHours } = this.options;
    const now = this.now;
    const out = { reminded: [] as string[], escalated: [] as string[] };
    for (const listed of await store.list({ status: 'routed' })) {
      // Read again inside the transaction: staff may have accepted it since the list was read.
      await this.atomically(async () => {
        const ticket = await store.get(listed.number);
        if (!ticket || ticket.status !== 'routed' || !ticket.routedAt || ticket.branchId === CENTRE_ID) return;
        const waitedHours = (now.getTime() - Date.parse(ticket.routedAt)) / 3_600_000;
        const target = directory.target(ticket.branchId) ?? directory.centre;
        const routedAt = localDateTime(ticket.routedAt, this.options.timeZone);
        if (waitedHours >= escalateAfterHours && !ticket.escalatedAt) {
          await this.notify(directory.centre, deskMessages.say('escalated', { number: ticket.number, target: target.name, routedAt, hours: escalateAfterHours }), ticket);
          await store.markEscalated(ticket.id, now);
          await store.log(ticket.number, 'system', 'escalate', `${escalateAfterHours} giờ chưa nhận`, now);
          out.escalated.push(ticket.number);
        } else if (waitedHours >= remindAfterHours && !ticket.remindedAt && !ticket.escalatedAt) {
          await this.notify(target, deskMessages.say('reminder', { number: ticket.number, target: target.name, routedAt }), ticket);
          await store.markReminded(ticket.id, now);
          await store.log(ticket.number, 'system', 'remind', `${remindAfterHours} giờ chưa nhận`, now);
          out.reminded.push(ticket.number);
        }
      });
    }
    return out;
  }

  /** Runs `work` as one transaction on the database shared by the ticket store and the outbox. */
  private atomically<T>(work: () => Promise<T>): Promise<T> {
    return this.options.store.transaction(work);
  }

  /** The branch an actor is limited to, or undefined for centre staff and the operator. */
  private scope(actor: Actor): string | undefined {
    if (actor.kind === 'operator') return undefined;
    if (actor.kind === 'citizen') throw new PermissionError('Chỉ cán bộ trợ giúp pháp lý mới dùng được lệnh này');
    return actor.member.role === 'branch' ? actor.member.branch : undefined;
  }

  private requireCentre(actor: Actor): void {
    if (this.scope(actor) !== undefined) throw new PermissionError('Chỉ cán bộ Trung tâm mới chuyển yêu cầu giữa các chi nhánh');
  }

  /** The current year where the centre is: a ticket number typed without its year means this year's. */
  private get year(): number {
    return localYear(this.now, this.options.timeZone);
  }

  /**
   * The ticket a typed number means ("TG-2026-000003", "tg2026-3", "000003", "3"), among those the
   * actor may see; a TicketError when there is none.
   */
  async ticket(actor: Actor, number: string): Promise<Ticket> {
    const scope = this.scope(actor);
    const ref = parseTicketRef(number);
    if (!ref) throw new TicketError(`"${number.trim()}" không phải số yêu cầu (ví dụ: TG-2026-000003, hoặc 3)`);
    const ticket = await this.options.store.find(ref, this.year, scope);
    if (!ticket) throw new TicketError(`Không có yêu cầu số ${describeRef(ref)} trong danh sách của bạn`);
    return ticket;
  }

  /**
   * The ticket cards in a staff chat still waiting for an answer (the ticket is still routed to where
   * the card went), newest first, one per ticket, with their tickets.
   */
  async pendingCards(actor: Actor, channel: string, chatId: string): Promise<Array<{ card: TicketCard; ticket: Ticket }>> {
    const scope = this.scope(actor);
    const out: Array<{ card: TicketCard; ticket: Ticket }> = [];
    const seen = new Set<string>();
    for (const card of await this.options.store.cards(channel, chatId)) {
      if (seen.has(card.ticketNumber)) continue;
      seen.add(card.ticketNumber);
      const ticket = await this.options.store.get(card.ticketNumber);
      if (!ticket || ticket.status !== 'routed' || ticket.branchId !== card.target) continue;
      if (scope !== undefined && ticket.branchId !== scope) continue;
      out.push({ card, ticket });
    }
    return out;
  }

  private routedMessage(ticket: Ticket): string {
    return deskMessages.say('routed', {
      number: ticket.number,
      urgent: ticket.urgent ? deskMessages.say('urgent_mark', { deadline: ticket.deadline ? localDate(ticket.deadline) : '' }) : '',
      field: fieldLabel(ticket.field),
      place: ticket.communeName ?? ticket.addressText.split(',').slice(-2).join(',').trim(),
      eligibility: eligibilityName(ticket.eligibility),
      description: ticket.description.length > 300 ? `${ticket.description.slice(0, 297)}…` : ticket.description,
    });
  }

  /**
   * Tells a branch's (or the centre's) staff chats about `ticket`; `withActions` puts the card's
   * choices under it (Nhận / Trả về / Từ chối). The messages say whose conversation they are about,
   * so that erasing the person finds them.
   */
  private async notify(target: RouteTarget, text: string, ticket?: Ticket, withActions = false): Promise<void> {
    const actionsFor = withActions ? ticket?.number : undefined;
    const choices = actionsFor ? CARD_ACTIONS.map((action) => ({ id: `desk:${action}:${actionsFor}`, label: deskMessages.say(`choice_${action}`) })) : undefined;
    const about = ticket && ticket.chatId ? { channel: ticket.channel, chatId: ticket.chatId } : undefined;
    for (const chat of target.staffChats) {
      await this.options.outbox.enqueue({ ...chat, text, choices, about }, this.now);
      if (actionsFor && choices) await this.options.store.addCard(chat.channel, chat.chatId, actionsFor, target.id, choices, this.now);
    }
  }

  private async tellCitizen(ticket: Ticket, text: string): Promise<void> {
    await this.options.outbox.enqueue({ channel: ticket.channel, chatId: ticket.chatId, text }, this.now);
  }
}
