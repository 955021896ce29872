/**
 * "Nhận đơn yêu cầu đã điền sẵn": a citizen gets the request form (Mẫu số 02-TP-TGPL) of one of their
 * own requests, filled from what they told the assistant, as a PDF file in the chat (Telegram: a
 * document; Zalo: an attachment; console: saved under data/files). Only the requests filed from this
 * conversation; the read is recorded in the access log as the citizen's own.
 */
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMessages } from '../../lib/messages.ts';
import type { EligibilityRules } from '../../intake/eligibility/rules.ts';
import type { BranchDirectory } from '../../intake/routing/directory.ts';
import type { Desk } from '../../intake/tickets/desk.ts';
import { fieldLabel } from '../../intake/tickets/fields.ts';
import type { TicketStore } from '../../intake/tickets/ticket-store.ts';
import type { Ticket } from '../../intake/tickets/ticket.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Reply } from '../message.ts';

const say = loadMessages(new URL('./forms.vi.yaml', import.meta.url), ['none', 'pick', 'item', 'sent', 'anonymised', 'not_understood']);

export interface FormsFlowDeps {
  desk: Desk;
  tickets: TicketStore;
  directory: BranchDirectory;
  rules: EligibilityRules;
  timeZone: string;
}

export class FormsFlow implements Flow {
  readonly id = 'forms';

  constructor(private readonly deps: FormsFlowDeps) {}

  async enter(ctx: FlowContext): Promise<FlowResult> {
    const mine = await this.mine(ctx);
    if (mine.length === 0) return { kind: 'done', replies: [{ text: say.say('none') }] };
    if (mine.length === 1) return this.send(ctx, mine[0]!);
    return { kind: 'next', step: 'pick', data: {}, replies: [this.list(mine)] };
  }

  prompt(): Reply[] {
    return [{ text: say.say('pick') }];
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const mine = await this.mine(ctx);
    const options = mine.map((t) => ({ id: `forms:${t.number}`, label: t.number }));
    const pressed = ctx.message.choice;
    const picked = pressed && options.some((o) => o.id === pressed) ? pressed : matchChoice(ctx.text, options)?.id;
    const ticket = mine.find((t) => `forms:${t.number}` === picked);
    if (!ticket) return { kind: 'stay', notUnderstood: true, replies: [{ text: say.say('not_understood') }, this.list(mine)] };
    return this.send(ctx, ticket);
  }

  /** The requests filed from this conversation, newest first. */
  private mine(ctx: FlowContext): Promise<Ticket[]> {
    return this.deps.tickets.listForChat(ctx.message.channel, ctx.message.chatId);
  }

  private list(tickets: Ticket[]): Reply {
    return { text: say.say('pick'), choices: tickets.map((t) => ({ id: `forms:${t.number}`, label: say.say('item', { number: t.number, field: fieldLabel(t.field) }) })) };
  }

  private async send(ctx: FlowContext, ticket: Ticket): Promise<FlowResult> {
    if (ticket.anonymisedAt) return { kind: 'done', replies: [{ text: say.say('anonymised', { number: ticket.number }) }] };
    const actor = { kind: 'citizen' as const, channel: ctx.message.channel, userId: ctx.message.userId };
    // The document libraries are loaded only when a form is asked for.
    const { ticketForm } = await import('../../intake/paperwork/paperwork.ts');
    const file = await ticketForm(this.deps, actor, ticket, '02', 'pdf');
    return {
      kind: 'done',
      replies: [{ text: say.say('sent', { number: ticket.number }), document: { filename: file.filename, mimeType: file.mimeType, data: file.data.toString('base64') } }],
    };
  }
}
