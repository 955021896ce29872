/**
 * The staff desk in chat: commands starting with "/", and the choices on routed-ticket cards
 * ("1. Nhận 2. Trả về Trung tâm 3. Từ chối") whether pressed as buttons or typed as a number or
 * a word in a staff chat, from configured staff. Anyone else trying one is refused.
 * Ticket numbers may be typed short ("3", "000003", "tg2026-3"); statuses in Vietnamese or English.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadMessages } from '../lib/messages.ts';
import { fold } from '../lib/text.ts';
import type { Clock } from '../lib/clock.ts';
import type { Outbox } from '../lib/outbox.ts';
import type { HandoffStore } from '../intake/handoff/handoff-store.ts';
import type { BranchDirectory, StaffMember } from '../intake/routing/directory.ts';
import { CARD_ACTIONS, deskMessages, PermissionError, type Actor, type CardAction, type Desk } from '../intake/tickets/desk.ts';
import { fieldLabel } from '../intake/tickets/fields.ts';
import { localDate, localDateTime } from '../intake/tickets/local-time.ts';
import {
  actionName,
  actorDisplay,
  eligibilityName,
  parseEligibility,
  parseStatus,
  statusName,
  statusNames,
  takeStatus,
} from '../intake/tickets/staff-labels.ts';
import { TicketError, type TicketFilter } from '../intake/tickets/ticket-store.ts';
import type { Ticket, TicketEvent } from '../intake/tickets/ticket.ts';
import { describeRef, parseTicketRef, takeTicketRef, type TicketRef } from '../intake/tickets/ticket-number.ts';
import { findPhone, maskPhone } from '../intake/request/phone.ts';
import { handoffMessages } from './handoff-relay.ts';
import type { PersonalData } from './privacy/personal-data.ts';
import type { IncomingMessage, Reply } from './message.ts';

const FILE = new URL('./staff-commands.vi.yaml', import.meta.url);
const say = loadMessages(FILE, [
  'help', 'only_staff', 'staff_chat_only', 'unknown', 'usage', 'unknown_status', 'empty', 'list_item', 'list_more', 'done', 'replied', 'noted',
  'reject_reason', 'no_card', 'card_choice_unknown', 'card_others', 'detail', 'history_item', 'handoffs_empty', 'handoff_item',
  'handoff_sent', 'handoff_closed', 'handoff_unknown', 'found_none', 'person_none', 'person_ticket', 'person_open', 'person_chat',
  'person_draft', 'person_messages', 'person_handoff', 'person_erase_preview', 'person_erase_open', 'person_erased',
  'person_erased_withdrawn', 'person_erased_kept', 'person_usage', 'detail_anonymised', 'detail_requester', 'no_phone',
]);

/** Words that answer a ticket card, by action: the button label and the words of the YAML file. */
const cardWords: Record<CardAction, string[]> = (() => {
  const schema = z.object({ card_words: z.strictObject({ accept: z.array(z.string()), return: z.array(z.string()), reject: z.array(z.string()) }) });
  const words = schema.parse(parse(readFileSync(FILE, 'utf8'))).card_words;
  return Object.fromEntries(
    CARD_ACTIONS.map((a) => [a, [deskMessages.say(`choice_${a}`), ...words[a]].map(fold).sort((x, y) => y.length - x.length)]),
  ) as Record<CardAction, string[]>;
})();

/** The commands, with their usage line. */
const COMMANDS: Record<string, string> = {
  trogiup: '/trogiup',
  ds: '/ds [trạng thái] [khan]',
  xem: '/xem SỐ',
  nhan: '/nhan SỐ',
  tra: '/tra SỐ [ghi chú]',
  tuchoi: '/tuchoi SỐ lý do',
  traloi: '/traloi SỐ nội dung',
  ghichu: '/ghichu SỐ nội dung',
  trangthai: '/trangthai SỐ trạng-thái [ghi chú]',
  giao: '/giao SỐ người',
  chuyen: '/chuyen SỐ mã-chi-nhánh',
  dien: '/dien SỐ co|khong [ghi chú]',
  hd: '/hd',
  tl: '/tl H-SỐ nội dung',
  kt: '/kt H-SỐ',
  tim: '/tim SĐT',
  dulieu: '/dulieu SỐ|SĐT',
  xoadulieu: '/xoadulieu SỐ|SĐT [xacnhan|rutdongy]',
};

/** A typed answer to a ticket card: a choice's number or words, and maybe which ticket. */
export interface DeskAnswer {
  /** "1", "2", "3": the choice's position on the card. */
  index?: number;
  action?: CardAction;
  /** "nhận 3", "1 TG-2026-000003": the ticket meant. */
  ref?: TicketRef;
}

/**
 * Reads a whole message as an answer to a ticket card ("1", "nhận", "Trả về", "tu choi",
 * "nhận 3", "1 TG-2026-000003"); undefined for anything else, so staff chatter is left alone.
 * Channels that read only commands in staff groups should also let these through.
 */
export function parseDeskAnswer(text: string): DeskAnswer | undefined {
  const folded = fold(text);
  if (folded === '') return undefined;
  let answer: DeskAnswer | undefined;
  let rest = '';
  const number = /^([1-9])(?: (.*))?$/u.exec(folded);
  if (number) {
    answer = { index: Number(number[1]) };
    rest = number[2] ?? '';
  } else {
    for (const action of CARD_ACTIONS) {
      const phrase = cardWords[action].find((p) => folded === p || folded.startsWith(`${p} `));
      if (phrase) {
        answer = { action };
        rest = folded.slice(phrase.length).trim();
        break;
      }
    }
  }
  if (!answer) return undefined;
  if (rest === '') return answer;
  const ref = parseTicketRef(rest);
  return ref ? { ...answer, ref } : undefined;
}

/** Whether a whole message answers a ticket card (for channels filtering staff-group messages). */
export function looksLikeDeskAnswer(text: string): boolean {
  return parseDeskAnswer(text) !== undefined;
}

export class StaffCommands {
  constructor(
    private readonly deps: { desk: Desk; directory: BranchDirectory; handoffs: HandoffStore; outbox: Outbox; clock: Clock; personal: PersonalData },
  ) {}

  private get timeZone(): string {
    return this.deps.desk.options.timeZone;
  }

  /**
   * Whether the message is meant for the staff desk: a staff command, a desk button, or, in a staff
   * chat, a card's choice typed as a number or words.
   */
  concerns(message: IncomingMessage): boolean {
    if (message.choice?.startsWith('desk:')) return true;
    if (message.choice) return false;
    const m = /^\/([a-z]+)/u.exec(message.text.trim().toLowerCase());
    if (m) return m[1]! in COMMANDS;
    return this.deps.directory.isStaffChat(message.channel, message.chatId) && looksLikeDeskAnswer(message.text);
  }

  async handle(message: IncomingMessage): Promise<Reply[]> {
    const member = this.deps.directory.staffMember(message.channel, message.userId);
    if (!member) return [{ text: say.say('only_staff') }];
    // Tickets hold people's personal data: the desk answers only in a staff chat of the directory or
    // in the staff member's own private chat with the bot, never in another group.
    const privateChat = message.chatType !== 'group' && message.chatId === message.userId;
    if (!privateChat && !this.deps.directory.isStaffChat(message.channel, message.chatId)) return [{ text: say.say('staff_chat_only') }];
    const actor: Actor = { kind: 'staff', member };
    try {
      if (message.choice?.startsWith('desk:')) return [{ text: await this.choose(actor, message.choice) }];
      const typed = message.text.trim().startsWith('/') ? undefined : parseDeskAnswer(message.text);
      if (typed) return [{ text: await this.typedAnswer(actor, message, typed) }];
      return [{ text: await this.run(actor, member, message) }];
    } catch (err) {
      if (err instanceof TicketError || err instanceof PermissionError) return [{ text: err.message }];
      throw err;
    }
  }

  /** A card's choice, pressed or typed: "desk:accept:TG-2026-000001". */
  private async choose(actor: Actor, choice: string): Promise<string> {
    const { desk } = this.deps;
    const [, action, number] = choice.split(':');
    if (!number) return say.say('no_card');
    if (action === 'accept') return this.done(await desk.accept(actor, number));
    if (action === 'return') return this.done(await desk.returnToCentre(actor, number, ''));
    const ticket = await desk.ticket(actor, number);
    return say.say('reject_reason', { number: ticket.number });
  }

  /**
   * A card's choice typed in a staff chat. With a ticket number it acts on that ticket; without one,
   * on the newest card there still waiting (and says which others wait).
   */
  private async typedAnswer(actor: Actor, message: IncomingMessage, typed: DeskAnswer): Promise<string> {
    const { desk } = this.deps;
    if (typed.ref) {
      const ticket = await desk.ticket(actor, describeRef(typed.ref));
      const action = typed.action ?? CARD_ACTIONS[typed.index! - 1];
      if (!action) return say.say('card_choice_unknown', { number: ticket.number });
      return this.choose(actor, `desk:${action}:${ticket.number}`);
    }
    const pending = await desk.pendingCards(actor, message.channel, message.chatId);
    const newest = pending[0];
    if (!newest) return say.say('no_card');
    const { card, ticket } = newest;
    const choice = typed.action
      ? card.choices.find((c) => c.id.startsWith(`desk:${typed.action}:`))
      : card.choices[typed.index! - 1];
    if (!choice) return say.say('card_choice_unknown', { number: ticket.number });
    const result = await this.choose(actor, choice.id);
    const others = pending.slice(1, 6).map((p) => p.ticket.number);
    return others.length ? `${result}\n${say.say('card_others', { numbers: others.join(', '), example: others[0]! })}` : result;
  }

  private async run(actor: Actor, member: StaffMember, message: IncomingMessage): Promise<string> {
    const { desk } = this.deps;
    const [head, ...words] = message.text.trim().split(/\s+/u);
    const command = head!.slice(1).toLowerCase();
    const usage = () => say.say('usage', { usage: COMMANDS[command]! });
    const taken = takeTicketRef(words);
    // A command's first argument that is not a ticket number is passed on as typed, to be refused by name.
    const number = taken?.text ?? words[0];
    const after = taken?.rest ?? words.slice(1);
    const rest = after.join(' ');
    switch (command) {
      case 'trogiup':
        return say.say('help', { statuses: statusNames() });
      case 'ds':
        return this.list(actor, words);
      case 'xem': {
        if (!number) return usage();
        const { ticket, events } = await desk.show(actor, number);
        return [this.detail(ticket), ...events.map((e) => this.historyLine(e))].join('\n');
      }
      case 'nhan':
        return number ? this.done(await desk.accept(actor, number)) : usage();
      case 'tra':
        return number ? this.done(await desk.returnToCentre(actor, number, rest)) : usage();
      case 'tuchoi':
        return number && rest ? this.done(await desk.reject(actor, number, rest)) : usage();
      case 'traloi': {
        if (!number || !rest) return usage();
        const ticket = await desk.reply(actor, number, rest);
        return say.say('replied', { number: ticket.number });
      }
      case 'ghichu': {
        if (!number || !rest) return usage();
        const ticket = await desk.note(actor, number, rest);
        return say.say('noted', { number: ticket.number });
      }
      case 'trangthai': {
        if (!number || after.length === 0) return usage();
        const to = takeStatus(after);
        if (!to) return say.say('unknown_status', { status: after.join(' '), statuses: statusNames() });
        return this.done(await desk.setStatus(actor, number, to.status, to.rest.join(' ')));
      }
      case 'giao':
        return number && rest ? this.done(await desk.assign(actor, number, rest)) : usage();
      case 'chuyen':
        return number && rest ? this.done(await desk.reroute(actor, number, rest.trim())) : usage();
      case 'dien': {
        const answer = after[0] ? fold(after[0]) : undefined;
        if (!number || (answer !== 'co' && answer !== 'khong')) return usage();
        return this.done(await desk.eligibilityChecked(actor, number, answer === 'co', after.slice(1).join(' ')));
      }
      case 'hd': {
        this.requireCentre(member);
        const open = await this.deps.handoffs.openList();
        if (open.length === 0) return say.say('handoffs_empty');
        return open
          .map((h) => say.say('handoff_item', { code: h.code, channel: h.channel, openedAt: localDateTime(h.openedAt, this.timeZone), reason: h.reason }))
          .join('\n');
      }
      case 'tl':
      case 'kt': {
        this.requireCentre(member);
        const code = words[0];
        const text = words.slice(1).join(' ');
        if (!code || (command === 'tl' && !text)) return usage();
        const { handoffs, outbox } = this.deps;
        const now = this.deps.clock.now();
        // The check, the change and the message to the citizen in one transaction: of two staff
        // ending the same handoff at once, only one ends it.
        return handoffs.transaction(async () => {
          const handoff = await handoffs.get(code);
          if (!handoff || handoff.status !== 'open') return say.say('handoff_unknown', { code: code.toUpperCase() });
          if (command === 'tl') {
            await outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('staff_says', { text }) }, now);
            await handoffs.staffReplied(handoff.id);
            return say.say('handoff_sent', { code: handoff.code });
          }
          await handoffs.close(handoff.id, now);
          await outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('closed_by_staff') }, now);
          return say.say('handoff_closed', { code: handoff.code });
        });
      }
      case 'tim': {
        const phone = findPhone(words.join(' '));
        if (!phone) return usage();
        const found = await desk.findByPhone(actor, phone);
        return found.length ? found.map((t) => this.line(t)).join('\n') : say.say('found_none');
      }
      case 'dulieu':
      case 'xoadulieu':
        return this.personData(actor, member, command, words);
      default:
        return say.say('unknown', { command: head! });
    }
  }

  /**
   * "/dulieu SỐ|SĐT": what is held about a person who calls; "/xoadulieu SỐ|SĐT": the same, and how
   * to confirm the erasure; "… xacnhan" erases (open tickets kept), "… rutdongy" withdraws the open
   * tickets and erases everything (consent withdrawn). Erasing is for centre staff.
   */
  private async personData(actor: Actor, member: StaffMember, command: string, words: string[]): Promise<string> {
    const { personal } = this.deps;
    const last = words.length ? fold(words.at(-1)!) : '';
    const confirm = command === 'xoadulieu' && (last === 'xacnhan' || last === 'rutdongy') ? last : undefined;
    const targetWords = confirm ? words.slice(0, -1) : words;
    if (command === 'xoadulieu') this.requireCentre(member, 'Chỉ cán bộ Trung tâm xóa dữ liệu theo đề nghị của người dân.');
    const phone = findPhone(targetWords.join(' '));
    const ref = phone ? undefined : takeTicketRef(targetWords);
    if (!phone && !ref) return say.say('person_usage');
    const person = phone ? await personal.byPhone(actor, phone) : await personal.byTicket(actor, ref!.text);
    if (person.tickets.length === 0 && person.chats.length === 0) return say.say('person_none');
    if (confirm) {
      const result = await personal.erase(person, actor, { withdrawConsent: confirm === 'rutdongy' });
      return say.say('person_erased', {
        conversations: result.conversations,
        messages: result.messages,
        anonymised: result.anonymised.join(', ') || 'không có',
        withdrawn: result.withdrawn.length ? say.say('person_erased_withdrawn', { numbers: result.withdrawn.join(', ') }) : '',
        kept: result.keptOpen.length ? say.say('person_erased_kept', { numbers: result.keptOpen.join(', ') }) : '',
      });
    }
    const summary = await personal.describe(person, actor);
    const lines = summary.tickets.map(({ ticket: t, open }) =>
      say.say('person_ticket', {
        number: t.number,
        status: statusName(t.status),
        open: open ? say.say('person_open') : '',
        createdAt: localDateTime(t.createdAt, this.timeZone),
        channel: t.channel,
        field: fieldLabel(t.field),
        fullName: t.fullName,
        birthYear: t.birthYear,
        phone: t.phone ? maskPhone(t.phone) : 'không có',
        place: t.communeName ?? 'chưa rõ xã',
        length: t.description.length,
        requester: t.requester ? `; người gửi thay: ${t.requester.name} (${t.requester.relation})` : '',
      }),
    );
    for (const c of summary.conversations) {
      lines.push(
        say.say('person_chat', {
          channel: c.channel,
          updatedAt: localDateTime(c.updatedAt, this.timeZone),
          draft: c.draftFields.length ? say.say('person_draft', { fields: c.draftFields.join(', ') }) : '',
        }),
      );
    }
    if (summary.messages.delivered + summary.messages.waiting > 0) lines.push(say.say('person_messages', summary.messages));
    if (summary.openHandoff) lines.push(say.say('person_handoff'));
    if (command === 'xoadulieu') {
      const open = summary.tickets.filter((t) => t.open).map((t) => t.ticket.number);
      lines.push(
        say.say('person_erase_preview', {
          target: phone ?? ref!.text,
          open: open.length ? say.say('person_erase_open', { numbers: open.join(', ') }) : '',
        }),
      );
    }
    return lines.join('\n');
  }

  /** "/ds [trạng thái] [khan]": a status or an eligibility result, in Vietnamese or English. */
  private async list(actor: Actor, words: string[]): Promise<string> {
    const urgent = words.some((w) => fold(w) === 'khan') ? true : undefined;
    const phrase = words.filter((w) => fold(w) !== 'khan').join(' ');
    const filter: TicketFilter = { urgent };
    if (phrase) {
      const status = parseStatus(phrase);
      const eligibility = status ? undefined : parseEligibility(phrase);
      if (!status && !eligibility) return say.say('unknown_status', { status: phrase, statuses: statusNames() });
      filter.status = status;
      filter.eligibility = eligibility;
    }
    const tickets = await this.deps.desk.list(actor, filter);
    if (tickets.length === 0) return say.say('empty');
    const shown = tickets.slice(0, 30).map((t) => this.line(t));
    if (tickets.length > shown.length) shown.push(say.say('list_more', { count: tickets.length - shown.length }));
    return shown.join('\n');
  }

  private requireCentre(member: StaffMember, refusal = 'Chỉ cán bộ Trung tâm trả lời người dân đang chờ gặp cán bộ.'): void {
    if (member.role !== 'centre') throw new PermissionError(refusal);
  }

  private done(ticket: Ticket): string {
    return say.say('done', { number: ticket.number, status: statusName(ticket.status) });
  }

  private line(t: Ticket): string {
    return say.say('list_item', {
      number: t.number,
      status: statusName(t.status),
      field: fieldLabel(t.field),
      place: t.communeName ?? '—',
      urgent: t.urgent ? ' | KHẨN' : '',
    });
  }

  private historyLine(e: TicketEvent): string {
    const { directory } = this.deps;
    const note = e.action === 'route' ? this.routeNote(e.note) : e.note;
    return say.say('history_item', {
      at: localDateTime(e.at, this.timeZone),
      actor: actorDisplay(e.actor, (channel, userId) => directory.staffMember(channel, userId)?.name),
      action: actionName(e.action),
      change: e.from !== e.to && e.to ? `${e.from ? ` ${statusName(e.from)}` : ''} → ${statusName(e.to)}` : '',
      note: note ? ` (${note})` : '',
    });
  }

  /** "cn-bac-yen: theo địa bàn" → "Chi nhánh Bắc Yên: theo địa bàn". */
  private routeNote(note: string): string {
    const [id, ...rest] = note.split(':');
    const target = this.deps.directory.target(id!.trim());
    return target ? [target.name, ...rest].join(':') : note;
  }

  private detail(t: Ticket): string {
    const target = this.deps.directory.target(t.branchId) ?? this.deps.directory.centre;
    if (t.anonymisedAt) {
      return say.say('detail_anonymised', {
        number: t.number,
        status: statusName(t.status),
        createdAt: localDateTime(t.createdAt, this.timeZone),
        target: target.name,
        anonymisedAt: localDateTime(t.anonymisedAt, this.timeZone),
        eligibility: eligibilityName(t.eligibility),
        field: fieldLabel(t.field),
      });
    }
    return say.say('detail', {
      number: t.number,
      status: statusName(t.status),
      urgent: t.urgent ? ` — KHẨN (hạn ${t.deadline ? localDate(t.deadline) : '?'})` : '',
      createdAt: localDateTime(t.createdAt, this.timeZone),
      target: target.name,
      assignee: t.assignee ? `; giao cho ${t.assignee}` : '',
      fullName: t.fullName,
      birthYear: t.birthYear,
      forWhom: t.forWhom === 'self' ? 'tự yêu cầu' : 'người khác yêu cầu thay',
      phone: t.phone || say.say('no_phone'),
      requester: t.requester
        ? say.say('detail_requester', { name: t.requester.name, relation: t.requester.relation, phone: t.requester.phone || say.say('no_phone') })
        : '',
      contact: t.contact === 'call' ? 'gọi điện' : `nhắn tin (${t.channel})`,
      address: t.communeName ? `${t.addressText} → ${t.communeName}` : t.addressText,
      eligibility: eligibilityName(t.eligibility),
      checked: t.eligibilityChecked === null ? 'chưa' : t.eligibilityChecked ? 'đủ' : 'không đủ',
      field: fieldLabel(t.field),
      deadline: t.deadline ? localDate(t.deadline) : 'không',
      description: t.description,
    });
  }
}
