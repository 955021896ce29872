/**
 * A person's rights over their data, in the chat, at any point of a conversation (the global words
 * of bot/global-commands.yaml):
 *   "dữ liệu của tôi"      what is held about them, for how long, and who sees it; then back to where they were;
 *   "xóa dữ liệu của tôi"  what will be erased and what is kept (an open request) and why, a
 *                          confirmation, then the erasure (bot/privacy/personal-data.ts);
 *   "rút lại đồng ý"       what withdrawing consent means (open requests withdrawn, data erased),
 *                          a confirmation, then both.
 * "Không" at a confirmation goes back to where the person was, with their answers.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { matchChoice } from '../../lib/choice-matcher.ts';
import { loadMessages } from '../../lib/messages.ts';
import { hotlineAt } from '../../intake/hotline.ts';
import { maskPhone } from '../../intake/request/phone.ts';
import { statusLabels } from '../../intake/tickets/desk.ts';
import { FINAL_STATUSES, type Ticket } from '../../intake/tickets/ticket.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { Choice, Reply } from '../message.ts';
import { intents } from '../nlu/intents.ts';
import type { Person, PersonalData, PersonSummary } from '../privacy/personal-data.ts';
import type { RetentionPolicy } from '../privacy/retention.ts';

const FILE = new URL('./privacy.vi.yaml', import.meta.url);
const say = loadMessages(FILE, [
  'held_head', 'held_nothing', 'held_ticket', 'held_ticket_open', 'held_ticket_closed', 'held_draft', 'held_conversation',
  'held_messages', 'held_handoff', 'held_footer', 'field_fullName', 'field_birthYear', 'field_phone', 'field_no_phone',
  'field_address', 'field_description', 'field_requester', 'field_deadline', 'field_facts', 'draft_requesterName',
  'draft_requesterPhone', 'draft_fullName', 'draft_birthYear', 'draft_phone', 'draft_address', 'draft_description',
  'draft_deadline', 'draft_facts', 'draft_lead', 'erase_ask', 'erase_what_conversation', 'erase_what_messages',
  'erase_what_closed', 'erase_keep_open', 'erase_yes', 'erase_no', 'erased', 'erased_kept', 'erased_handoff',
  'erase_cancelled', 'nothing_to_erase', 'withdraw_ask', 'withdraw_open', 'withdraw_yes', 'withdraw_no', 'withdrawn',
  'withdrawn_tickets', 'withdraw_cancelled', 'choose',
]);
const words = parse(readFileSync(FILE, 'utf8')) as { yes_words: string[]; no_words: string[] };

/** What the person asked for. */
export type PrivacyAction = 'show' | 'erase' | 'withdraw';

const CHOICES = {
  erase: { yes: 'privacy:erase:yes', no: 'privacy:erase:no' },
  withdraw: { yes: 'privacy:withdraw:yes', no: 'privacy:withdraw:no' },
} as const;

const DRAFT_LABELS: Record<string, string> = {
  requesterName: say.say('draft_requesterName'),
  requesterPhone: say.say('draft_requesterPhone'),
  fullName: say.say('draft_fullName'),
  birthYear: say.say('draft_birthYear'),
  phone: say.say('draft_phone'),
  address: say.say('draft_address'),
  addressText: say.say('draft_address'),
  description: say.say('draft_description'),
  deadline: say.say('draft_deadline'),
  facts: say.say('draft_facts'),
};

export interface PrivacyFlowDeps {
  personal: PersonalData;
  /** The retention periods in force (to tell the person how long each thing is kept). */
  policy: () => RetentionPolicy | undefined;
}

export class PrivacyFlow implements Flow {
  readonly id = 'privacy';

  constructor(private readonly deps: PrivacyFlowDeps) {}

  async enter(ctx: FlowContext, data?: Record<string, unknown>): Promise<FlowResult> {
    const action = (data?.action as PrivacyAction | undefined) ?? 'show';
    const { personal } = this.deps;
    const person = await this.person(ctx);
    if (action === 'show') {
      const summary = await personal.describe(person, this.citizen(ctx));
      return { kind: 'resume', replies: [{ text: this.held(summary, ctx) }] };
    }
    if (action === 'erase') {
      const summary = await personal.describe(person, this.citizen(ctx));
      if (!holdsAnything(summary)) return { kind: 'resume', replies: [{ text: say.say('nothing_to_erase') }] };
      return { kind: 'next', step: 'confirm_erase', data: {}, replies: [this.eraseQuestion(summary)] };
    }
    return { kind: 'next', step: 'confirm_withdraw', data: { open: openNumbers(person) }, replies: [this.withdrawQuestion(openNumbers(person))] };
  }

  async answer(ctx: FlowContext): Promise<FlowResult> {
    const step = ctx.state.step;
    if (step !== 'confirm_erase' && step !== 'confirm_withdraw') return { kind: 'resume', replies: [] };
    const kind = step === 'confirm_erase' ? 'erase' : 'withdraw';
    const picked = this.picked(ctx, kind);
    if (picked === 'no') return { kind: 'resume', replies: [{ text: say.say(kind === 'erase' ? 'erase_cancelled' : 'withdraw_cancelled') }] };
    if (picked !== 'yes') return { kind: 'stay', notUnderstood: true, replies: [{ text: say.say('choose') }, ...this.prompt(ctx)] };
    const person = await this.person(ctx);
    const result = await this.deps.personal.erase(person, this.citizen(ctx), { withdrawConsent: kind === 'withdraw' });
    const hotline = hotlineAt(ctx.today).number;
    if (kind === 'withdraw') {
      const tickets = result.withdrawn.length ? say.say('withdrawn_tickets', { numbers: result.withdrawn.join(', ') }) : '';
      return { kind: 'done', replies: [{ text: say.say('withdrawn', { tickets, hotline }) }] };
    }
    const what = [say.say('erase_what_conversation')];
    if (result.messages > 0) what.push(say.say('erase_what_messages'));
    if (result.anonymised.length) what.push(say.say('erase_what_closed', { numbers: result.anonymised.join(', ') }));
    const lines = [say.say('erased', { what: what.join('; ') })];
    if (result.keptOpen.length) lines.push(say.say('erased_kept', { numbers: result.keptOpen.join(', ') }));
    if (result.keptOpenHandoff) lines.push(say.say('erased_handoff'));
    return { kind: 'done', replies: [{ text: lines.join('\n') }] };
  }

  prompt(ctx: FlowContext): Reply[] {
    if (ctx.state.step === 'confirm_erase') return [{ text: say.say('choose'), choices: this.choices('erase') }];
    if (ctx.state.step === 'confirm_withdraw') return [this.withdrawQuestion((ctx.state.data.open as string[] | undefined) ?? [])];
    return [];
  }

  /** "không", "thôi", "hủy" and "có" at a confirmation answer it (they are not the global "hủy"). */
  claims(ctx: FlowContext): boolean {
    const step = ctx.state.step;
    if (step !== 'confirm_erase' && step !== 'confirm_withdraw') return false;
    return this.picked(ctx, step === 'confirm_erase' ? 'erase' : 'withdraw') !== undefined;
  }

  private picked(ctx: FlowContext, kind: 'erase' | 'withdraw'): 'yes' | 'no' | undefined {
    const pressed = ctx.message.choice;
    if (pressed === CHOICES[kind].yes) return 'yes';
    if (pressed === CHOICES[kind].no) return 'no';
    if (pressed) return undefined;
    const options = [
      { id: 'yes', label: say.say(kind === 'erase' ? 'erase_yes' : 'withdraw_yes'), keywords: words.yes_words },
      { id: 'no', label: say.say(kind === 'erase' ? 'erase_no' : 'withdraw_no'), keywords: words.no_words },
    ];
    const matched = matchChoice(ctx.text, options, { mode: 'whole' })?.id;
    if (matched) return matched as 'yes' | 'no';
    const intent = intents().classify(ctx.text)?.id;
    return intent === 'affirm' ? 'yes' : intent === 'deny' ? 'no' : undefined;
  }

  private choices(kind: 'erase' | 'withdraw'): Choice[] {
    return [
      { id: CHOICES[kind].yes, label: say.say(kind === 'erase' ? 'erase_yes' : 'withdraw_yes') },
      { id: CHOICES[kind].no, label: say.say(kind === 'erase' ? 'erase_no' : 'withdraw_no') },
    ];
  }

  private person(ctx: FlowContext): Promise<Person> {
    const { channel, chatId, userId } = ctx.message;
    return this.deps.personal.ofCitizen(channel, chatId, userId);
  }

  private citizen(ctx: FlowContext) {
    return { kind: 'citizen', channel: ctx.message.channel, userId: ctx.message.userId } as const;
  }

  /** "Thông tin mình đang giữ về bạn: …" */
  private held(summary: PersonSummary, ctx: FlowContext): string {
    const policy = this.deps.policy();
    const days = (pick: (p: RetentionPolicy) => number) => (policy ? pick(policy) : '—');
    const lines: string[] = [];
    for (const { ticket, open } of summary.tickets) {
      lines.push(say.say('held_ticket', { number: ticket.number, status: statusLabels.say(ticket.status), fields: ticketFields(ticket) }));
      lines.push(
        open
          ? say.say('held_ticket_open', { days: days((p) => p.closedTickets.done.days) })
          : say.say('held_ticket_closed', { days: days((p) => p.closedTickets[ticket.status as 'done'].days) }),
      );
    }
    const here = summary.conversations.find((c) => c.channel === ctx.message.channel && c.chatId === ctx.message.chatId);
    const idleDays = days((p) => p.idleConversations.days);
    if (here && here.draftFields.length > 0) {
      const fields = [...new Set(here.draftFields.map((f) => DRAFT_LABELS[f] ?? f))].join(', ');
      lines.push(say.say('held_draft', { fields: say.say('draft_lead', { fields }), days: idleDays }));
    } else if (here?.holdsAnswers) {
      lines.push(say.say('held_conversation', { days: idleDays }));
    }
    const sent = summary.messages.delivered + summary.messages.waiting;
    if (sent > 0) lines.push(say.say('held_messages', { count: sent, days: days((p) => p.deliveredMessages.days) }));
    if (summary.openHandoff) lines.push(say.say('held_handoff'));
    const head = lines.length ? say.say('held_head') : say.say('held_nothing');
    return [head, ...lines, say.say('held_footer', { hotline: hotlineAt(ctx.today).number })].join('\n');
  }

  private eraseQuestion(summary: PersonSummary): Reply {
    const open = summary.tickets.filter((t) => t.open).map((t) => t.ticket.number);
    const closed = summary.tickets.filter((t) => !t.open).map((t) => t.ticket.number);
    const what = [say.say('erase_what_conversation')];
    if (summary.messages.delivered > 0) what.push(say.say('erase_what_messages'));
    if (closed.length) what.push(say.say('erase_what_closed', { numbers: closed.join(', ') }));
    const keep = open.length ? say.say('erase_keep_open', { numbers: open.join(', ') }) : '';
    return { text: say.say('erase_ask', { what: what.join('; '), keep }), choices: this.choices('erase') };
  }

  private withdrawQuestion(open: string[]): Reply {
    const openLine = open.length ? say.say('withdraw_open', { numbers: open.join(', ') }) : '';
    return { text: say.say('withdraw_ask', { open: openLine }), choices: this.choices('withdraw') };
  }
}

/** Whether anything about the person is held (a ticket, a conversation, a message kept). */
function holdsAnything(summary: PersonSummary): boolean {
  return summary.tickets.length > 0 || summary.conversations.some((c) => c.holdsAnswers) || summary.messages.delivered + summary.messages.waiting > 0;
}

function openNumbers(person: Person): string[] {
  return person.tickets.filter((t) => !FINAL_STATUSES.includes(t.status)).map((t) => t.number);
}

/** What a ticket holds, as the person is told: name and birth year shown, the phone masked, the rest by kind. */
function ticketFields(ticket: Ticket): string {
  const parts = [say.say('field_fullName', { value: ticket.fullName }), say.say('field_birthYear', { value: ticket.birthYear })];
  parts.push(ticket.phone ? say.say('field_phone', { value: maskPhone(ticket.phone) }) : say.say('field_no_phone'));
  parts.push(say.say('field_address'), say.say('field_description'));
  if (ticket.requester) parts.push(say.say('field_requester'));
  if (ticket.deadline) parts.push(say.say('field_deadline'));
  if (Object.keys(ticket.facts ?? {}).length > 0) parts.push(say.say('field_facts'));
  return parts.join(', ');
}
