/**
 * "Gặp cán bộ": how to reach a person at the legal aid centre. With a relay, the conversation is
 * handed to staff: the opening message says what happens now and how to end, and no menu follows
 * (the relay answers the opening's own choices while the bot is quiet). Someone who asks for a
 * number ("số điện thoại trung tâm") gets the numbers first, and a chat with staff is offered.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { hotlineAt } from '../../intake/hotline.ts';
import type { BranchDirectory } from '../../intake/routing/directory.ts';
import { matchChoice } from '../../lib/choice-matcher.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { HandoffRelay } from '../handoff-relay.ts';
import { botMessages } from '../messages.ts';
import type { Choice } from '../message.ts';

const phrases = z
  .object({ format: z.literal('tgpl-staff-contact/1'), asks_number: z.array(z.string()).min(1) })
  .parse(parse(readFileSync(new URL('./staff-contact.yaml', import.meta.url), 'utf8')));

/** Whether the message asks for a phone number rather than for a person. */
export function asksForNumber(text: string): boolean {
  return matchChoice(text, [{ id: 'number', label: phrases.asks_number[0]!, keywords: phrases.asks_number.slice(1) }], { numbers: false, typos: false }) !== undefined;
}

/** The step where the numbers were given and a chat with staff is offered. */
const NUMBERS_STEP = 'numbers';

/** The step a conversation stays at while handed to staff. */
export const HANDOFF_STEP = 'handoff';

export class StaffContactFlow implements Flow {
  readonly id = 'staff';

  /** With a relay, "gặp cán bộ" hands the conversation to staff; without one, it gives the hotline. */
  constructor(
    private readonly relay?: HandoffRelay,
    private readonly directory?: BranchDirectory,
  ) {}

  async enter(ctx: FlowContext): Promise<FlowResult> {
    if (this.relay && asksForNumber(ctx.text)) {
      return { kind: 'next', step: NUMBERS_STEP, data: {}, replies: [{ text: this.numbers(ctx.today), choices: this.numberChoices() }] };
    }
    if (this.relay) {
      const opening = await this.relay.open(ctx.message, ctx.today);
      return { kind: 'next', step: HANDOFF_STEP, data: {}, replies: [opening] };
    }
    const hotline = hotlineAt(ctx.today);
    return {
      kind: 'done',
      replies: [{ text: botMessages.say('staff_contact', { hotline: hotline.number, hours: hotline.hours }) }],
    };
  }

  /**
   * Reached only when the bot is no longer quiet: staff ended the handoff (/kt). The message is
   * then for the menu, not a new request for staff.
   */
  async answer(ctx: FlowContext): Promise<FlowResult> {
    if (this.relay && ctx.state.step === NUMBERS_STEP) {
      const picked = ctx.message.choice?.startsWith('staff:') ? ctx.message.choice.slice(6) : matchChoice(ctx.text, this.numberChoices().map((c) => ({ ...c, id: c.id.slice(6) })))?.id;
      if (picked === 'chat') {
        const opening = await this.relay.open(ctx.message, ctx.today);
        return { kind: 'next', step: HANDOFF_STEP, data: {}, replies: [opening] };
      }
      if (picked === 'menu') return { kind: 'done', replies: [] };
      return { kind: 'pass', replies: [] };
    }
    if (this.relay) return { kind: 'pass', replies: [] };
    return this.enter(ctx);
  }

  prompt(ctx: FlowContext): Array<{ text: string; choices: Choice[] }> {
    if (this.relay && ctx.state.step === NUMBERS_STEP) return [{ text: this.numbers(ctx.today), choices: this.numberChoices() }];
    return [];
  }

  /** The national hotline, and the centre's own number and hours when the directory has them. */
  private numbers(today: string): string {
    const hotline = hotlineAt(today);
    const centre = this.directory?.data.centre;
    const lines = [botMessages.say('staff_numbers', { hotline: hotline.number, hours: hotline.hours })];
    // A directory still holding the sample's placeholders ("(mẫu) số điện thoại…") has no number to give.
    if (centre && /\d{3}/u.test(centre.phone)) {
      lines.push(botMessages.say('staff_numbers_centre', { centre: centre.name, phone: centre.phone, hours: centre.hours || hotline.hours }));
    }
    lines.push(botMessages.say('staff_numbers_offer'));
    return lines.join('\n');
  }

  private numberChoices(): Choice[] {
    return [
      { id: 'staff:chat', label: botMessages.say('staff_numbers_chat') },
      { id: 'staff:menu', label: botMessages.say('staff_numbers_menu') },
    ];
  }
}
