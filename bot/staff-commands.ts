/**
 * The staff desk in chat: commands starting with "/" (and the buttons on routed tickets) from
 * configured staff. Anyone else trying one is refused.
 */
import { loadMessages } from '../lib/messages.ts';
import type { Clock } from '../lib/clock.ts';
import type { Outbox } from '../lib/outbox.ts';
import type { HandoffStore } from '../intake/handoff/handoff-store.ts';
import type { BranchDirectory, StaffMember } from '../intake/routing/directory.ts';
import { PermissionError, statusLabels, type Actor, type Desk } from '../intake/tickets/desk.ts';
import { fieldLabel } from '../intake/tickets/fields.ts';
import { TicketError } from '../intake/tickets/ticket-store.ts';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../intake/tickets/ticket.ts';
import { handoffMessages } from './handoff-relay.ts';
import type { IncomingMessage, Reply } from './message.ts';

const say = loadMessages(new URL('./staff-commands.vi.yaml', import.meta.url), [
  'help', 'only_staff', 'unknown', 'usage', 'empty', 'list_item', 'done', 'replied', 'noted', 'reject_reason', 'detail',
  'history_item', 'handoffs_empty', 'handoff_item', 'handoff_sent', 'handoff_closed', 'handoff_unknown',
]);

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
  trangthai: `/trangthai SỐ (${TICKET_STATUSES.join('|')}) [ghi chú]`,
  giao: '/giao SỐ người',
  chuyen: '/chuyen SỐ mã-chi-nhánh',
  dien: '/dien SỐ co|khong [ghi chú]',
  hd: '/hd',
  tl: '/tl H-SỐ nội dung',
  kt: '/kt H-SỐ',
};

export class StaffCommands {
  constructor(
    private readonly deps: { desk: Desk; directory: BranchDirectory; handoffs: HandoffStore; outbox: Outbox; clock: Clock },
  ) {}

  /** Whether the message is meant for the staff desk (a staff command or a desk button). */
  concerns(message: IncomingMessage): boolean {
    if (message.choice?.startsWith('desk:')) return true;
    const m = /^\/([a-z]+)/u.exec(message.text.trim().toLowerCase());
    return m !== null && m[1]! in COMMANDS;
  }

  async handle(message: IncomingMessage): Promise<Reply[]> {
    const member = this.deps.directory.staffMember(message.channel, message.userId);
    if (!member) return [{ text: say.say('only_staff') }];
    const actor: Actor = { kind: 'staff', member };
    try {
      return [{ text: await this.run(actor, member, message) }];
    } catch (err) {
      if (err instanceof TicketError || err instanceof PermissionError) return [{ text: err.message }];
      throw err;
    }
  }

  private async run(actor: Actor, member: StaffMember, message: IncomingMessage): Promise<string> {
    const { desk } = this.deps;
    if (message.choice?.startsWith('desk:')) {
      const [, action, number] = message.choice.split(':');
      if (action === 'accept') return this.done(await desk.accept(actor, number!));
      if (action === 'return') return this.done(await desk.returnToCentre(actor, number!, ''));
      return say.say('reject_reason', { number: number! });
    }
    const [head, ...words] = message.text.trim().split(/\s+/u);
    const command = head!.slice(1).toLowerCase();
    const usage = () => say.say('usage', { usage: COMMANDS[command]! });
    const number = words[0];
    const rest = words.slice(1).join(' ');
    switch (command) {
      case 'trogiup':
        return say.say('help');
      case 'ds': {
        const status = words.find((w) => (TICKET_STATUSES as readonly string[]).includes(w)) as TicketStatus | undefined;
        const urgent = words.some((w) => w === 'khan' || w === 'khẩn') ? true : undefined;
        const tickets = await desk.list(actor, { status, urgent });
        if (tickets.length === 0) return say.say('empty');
        return tickets.slice(0, 30).map((t) => this.line(t)).join('\n');
      }
      case 'xem': {
        if (!number) return usage();
        const { ticket, events } = await desk.show(actor, number);
        return [this.detail(ticket), ...events.map((e) =>
          say.say('history_item', {
            at: e.at.slice(0, 16).replace('T', ' '),
            actor: e.actor,
            action: e.action,
            change: e.from !== e.to && e.to ? ` ${e.from ?? '—'} → ${e.to}` : '',
            note: e.note ? ` (${e.note})` : '',
          }),
        )].join('\n');
      }
      case 'nhan':
        return number ? this.done(await desk.accept(actor, number)) : usage();
      case 'tra':
        return number ? this.done(await desk.returnToCentre(actor, number, rest)) : usage();
      case 'tuchoi':
        return number && rest ? this.done(await desk.reject(actor, number, rest)) : usage();
      case 'traloi':
        if (!number || !rest) return usage();
        await desk.reply(actor, number, rest);
        return say.say('replied', { number: number.toUpperCase() });
      case 'ghichu':
        if (!number || !rest) return usage();
        await desk.note(actor, number, rest);
        return say.say('noted', { number: number.toUpperCase() });
      case 'trangthai': {
        const to = words[1] as TicketStatus | undefined;
        if (!number || !to || !(TICKET_STATUSES as readonly string[]).includes(to)) return usage();
        return this.done(await desk.setStatus(actor, number, to, words.slice(2).join(' ')));
      }
      case 'giao':
        return number && rest ? this.done(await desk.assign(actor, number, rest)) : usage();
      case 'chuyen':
        return number && rest ? this.done(await desk.reroute(actor, number, rest.trim())) : usage();
      case 'dien': {
        const answer = words[1]?.toLowerCase();
        if (!number || (answer !== 'co' && answer !== 'có' && answer !== 'khong' && answer !== 'không')) return usage();
        return this.done(await desk.eligibilityChecked(actor, number, answer === 'co' || answer === 'có', words.slice(2).join(' ')));
      }
      case 'hd': {
        this.requireCentre(member);
        const open = await this.deps.handoffs.openList();
        if (open.length === 0) return say.say('handoffs_empty');
        return open.map((h) => say.say('handoff_item', { code: h.code, channel: h.channel, openedAt: h.openedAt.slice(0, 16).replace('T', ' ') })).join('\n');
      }
      case 'tl':
      case 'kt': {
        this.requireCentre(member);
        const handoff = number ? await this.deps.handoffs.get(number) : undefined;
        if (!number || (command === 'tl' && !rest)) return usage();
        if (!handoff || handoff.status !== 'open') return say.say('handoff_unknown', { code: number.toUpperCase() });
        const now = this.deps.clock.now();
        if (command === 'tl') {
          await this.deps.outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('staff_says', { text: rest }) }, now);
          return say.say('handoff_sent', { code: handoff.code });
        }
        await this.deps.handoffs.close(handoff.id, now);
        await this.deps.outbox.enqueue({ channel: handoff.channel, chatId: handoff.chatId, text: handoffMessages.say('closed_by_staff') }, now);
        return say.say('handoff_closed', { code: handoff.code });
      }
      default:
        return say.say('unknown', { command: head! });
    }
  }

  private requireCentre(member: StaffMember): void {
    if (member.role !== 'centre') throw new PermissionError('Chỉ cán bộ Trung tâm trả lời người dân đang chờ gặp cán bộ.');
  }

  private done(ticket: Ticket): string {
    return say.say('done', { number: ticket.number, status: statusLabels.say(ticket.status) });
  }

  private line(t: Ticket): string {
    return say.say('list_item', {
      number: t.number,
      status: t.status,
      field: fieldLabel(t.field),
      place: t.communeName ?? '—',
      urgent: t.urgent ? ' | KHẨN' : '',
    });
  }

  private detail(t: Ticket): string {
    const target = this.deps.directory.target(t.branchId) ?? this.deps.directory.centre;
    return say.say('detail', {
      number: t.number,
      status: statusLabels.say(t.status),
      urgent: t.urgent ? ` — KHẨN (hạn ${t.deadline})` : '',
      target: target.name,
      assignee: t.assignee ? `; giao cho ${t.assignee}` : '',
      fullName: t.fullName,
      birthYear: t.birthYear,
      forWhom: t.forWhom === 'self' ? 'tự yêu cầu' : 'người khác yêu cầu thay',
      phone: t.phone,
      contact: t.contact === 'call' ? 'gọi điện' : `nhắn tin (${t.channel})`,
      address: t.communeName ? `${t.addressText} → ${t.communeName}` : t.addressText,
      eligibility: t.eligibility,
      checked: t.eligibilityChecked === null ? 'chưa' : t.eligibilityChecked ? 'đủ' : 'không đủ',
      field: fieldLabel(t.field),
      deadline: t.deadline ?? 'không',
      description: t.description,
    });
  }
}
