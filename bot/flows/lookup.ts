/** "Tra cứu yêu cầu đã gửi": a citizen's own tickets, their status, and withdrawing one. */
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMessages } from '../../lib/messages.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import type { BranchDirectory } from '../../intake/routing/directory.ts';
import { statusLabels, type Desk } from '../../intake/tickets/desk.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import { localDateTime, localYear } from '../../intake/tickets/local-time.ts';
import type { TicketStore } from '../../intake/tickets/ticket-store.ts';
import { NEXT_STATUSES, type Ticket } from '../../intake/tickets/ticket.ts';
import { describeRef, findTicketNumber, parseTicketRef, splitTicketNumber, type TicketRef } from '../../intake/tickets/ticket-number.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Reply } from '../message.ts';

const say = loadMessages(new URL('./lookup.vi.yaml', import.meta.url), [
  'none', 'list', 'item', 'not_found', 'detail', 'detail_again', 'withdraw', 'back_to_list', 'to_menu', 'confirm_withdraw', 'yes', 'no',
  'withdrawn', 'cannot_withdraw',
]);

/**
 * A ticket number in a message: a full one anywhere ("TG-2026-000003", "tg2026-3", "tg 2026 3"),
 * or, typed alone in this flow, a short one with leading zeros or of three digits or more ("000003",
 * "123"); "1", "2" pick from the list shown.
 */
function typedRef(text: string, inFlow: boolean): TicketRef | undefined {
  const full = findTicketNumber(text);
  if (full || !inFlow) return full;
  return /^\s*#?(0\d*|\d{3,7})\s*$/u.test(text) ? parseTicketRef(text) : undefined;
}

export class LookupFlow implements Flow {
  readonly id = 'lookup';

  constructor(private readonly deps: { tickets: TicketStore; desk: Desk; directory: BranchDirectory }) {}

  /** A ticket number typed at the menu opens it. */
  takes(ctx: FlowContext): boolean {
    return findTicketNumber(ctx.text) !== undefined;
  }

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const typed = typeof data?.firstMessage === 'string' ? findTicketNumber(data.firstMessage) : undefined;
    if (typed) return this.open(ctx, typed);
    return this.list(ctx);
  }

  /** The pending question again (after an interruption: "dữ liệu của tôi"), with its buttons, from what the state keeps. */
  prompt(ctx: FlowContext): Reply[] {
    const { number, numbers, canWithdraw } = ctx.state.data as { number?: string; numbers?: string[]; canWithdraw?: boolean };
    if (ctx.state.step === 'detail' && number) return [{ text: say.say('detail_again', { number }), choices: this.detailChoices(canWithdraw !== false) }];
    if (ctx.state.step === 'confirm' && number) return [{ text: say.say('confirm_withdraw', { number }), choices: this.yesNo() }];
    return [{ text: say.say('list'), choices: this.listChoices(numbers ?? []) }];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const step = ctx.state.step;
    const number = ctx.state.data.number as string | undefined;
    const choice = ctx.message.choice?.startsWith('lookup:') ? ctx.message.choice.slice(7) : undefined;
    const typed = typedRef(ctx.text, true);
    if (typed) return this.open(ctx, typed);
    if (step === 'list') {
      const mine = await this.mine(ctx);
      const options = [...mine.map((t) => ({ id: t.number, label: t.number })), { id: 'menu', label: say.say('to_menu') }];
      const picked = choice ?? matchChoice(ctx.text, options)?.id;
      if (picked === 'menu') return { kind: 'done', replies: [] };
      if (picked) return this.open(ctx, parseTicketRef(picked)!);
      return { kind: 'pass', replies: [] };
    }
    if (step === 'detail' && number) {
      const picked = choice ?? matchChoice(ctx.text, [
        { id: 'withdraw', label: say.say('withdraw'), keywords: ['rut', 'rut yeu cau'] },
        { id: 'list', label: say.say('back_to_list') },
        { id: 'menu', label: say.say('to_menu') },
      ])?.id;
      if (picked === 'withdraw') {
        return { kind: 'next', step: 'confirm', data: { number }, replies: [{ text: say.say('confirm_withdraw', { number }), choices: this.yesNo() }] };
      }
      if (picked === 'list') return this.list(ctx);
      if (picked === 'menu') return { kind: 'done', replies: [] };
      return { kind: 'pass', replies: [] };
    }
    if (step === 'confirm' && number) {
      const picked = choice ?? matchChoice(ctx.text, [{ id: 'yes', label: say.say('yes'), keywords: ['co', 'rut'] }, { id: 'no', label: say.say('no'), keywords: ['khong'] }])?.id;
      if (picked === 'yes') {
        await this.deps.desk.withdraw({ kind: 'citizen', channel: ctx.message.channel, userId: ctx.message.userId }, number);
        return { kind: 'done', replies: [{ text: say.say('withdrawn', { number, hotline: hotlineAt(ctx.today).number }) }] };
      }
      if (picked === 'no') return this.open(ctx, parseTicketRef(number)!);
      return { kind: 'stay', replies: [{ text: say.say('confirm_withdraw', { number }), choices: this.yesNo() }] };
    }
    return this.list(ctx);
  }

  private async mine(ctx: FlowContext): Promise<Ticket[]> {
    return this.deps.tickets.listForUser(ctx.message.channel, ctx.message.userId);
  }

  private async list(ctx: FlowContext): Promise<FlowResult> {
    const mine = (await this.mine(ctx)).slice(0, 9);
    if (mine.length === 0) return { kind: 'done', replies: [{ text: say.say('none') }] };
    const lines = mine.map((t) => say.say('item', { number: t.number, field: fieldLabel(t.field), status: statusLabels.say(t.status) }));
    const numbers = mine.map((t) => t.number);
    return {
      kind: 'next',
      step: 'list',
      data: { numbers },
      replies: [{ text: `${say.say('list')}\n${lines.join('\n')}`, choices: this.listChoices(numbers) }],
    };
  }

  private async open(ctx: FlowContext, ref: TicketRef): Promise<FlowResult> {
    const timeZone = this.deps.desk.options.timeZone;
    const year = localYear(ctx.now, timeZone);
    // A short number is looked for among the person's own requests: this year's, else the newest.
    const ticket =
      ref.year !== undefined
        ? await this.deps.tickets.find(ref, year)
        : ((mine) => mine.find((t) => t.number.startsWith(`TG-${year}-`)) ?? mine[0])(
            (await this.mine(ctx)).filter((t) => splitTicketNumber(t.number)?.seq === ref.seq),
          );
    if (!ticket || ticket.channel !== ctx.message.channel || ticket.userId !== ctx.message.userId) {
      return { kind: 'stay', replies: [{ text: say.say('not_found', { number: describeRef(ref) }) }] };
    }
    const target = this.deps.directory.target(ticket.branchId) ?? this.deps.directory.centre;
    const text = say.say('detail', {
      number: ticket.number,
      date: localDateTime(ticket.createdAt, timeZone),
      field: fieldLabel(ticket.field),
      target: target.name,
      status: statusLabels.say(ticket.status),
    });
    const open = NEXT_STATUSES[ticket.status].includes('withdrawn');
    return { kind: 'next', step: 'detail', data: { number: ticket.number, canWithdraw: open }, replies: [{ text, choices: this.detailChoices(open) }] };
  }

  private detailChoices(canWithdraw: boolean) {
    return [
      ...(canWithdraw ? [{ id: 'lookup:withdraw', label: say.say('withdraw') }] : []),
      { id: 'lookup:list', label: say.say('back_to_list') },
      { id: 'lookup:menu', label: say.say('to_menu') },
    ];
  }

  private listChoices(numbers: string[]) {
    return [...numbers.map((n) => ({ id: `lookup:${n}`, label: n })), { id: 'lookup:menu', label: say.say('to_menu') }];
  }

  private yesNo() {
    return [{ id: 'lookup:yes', label: say.say('yes') }, { id: 'lookup:no', label: say.say('no') }];
  }
}
