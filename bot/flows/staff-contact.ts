/** "Gặp cán bộ": how to reach a person at the legal aid centre. */
import { hotlineAt } from '../../intake/hotline.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { HandoffRelay } from '../handoff-relay.ts';
import { botMessages } from '../messages.ts';

export class StaffContactFlow implements Flow {
  readonly id = 'staff';

  /** With a relay, "gặp cán bộ" hands the conversation to staff; without one, it gives the hotline. */
  constructor(private readonly relay?: HandoffRelay) {}

  async enter(ctx: FlowContext): Promise<FlowResult> {
    if (this.relay) return { kind: 'done', replies: [{ text: await this.relay.open(ctx.message, ctx.today) }] };
    const hotline = hotlineAt(ctx.today);
    return {
      kind: 'done',
      replies: [{ text: botMessages.say('staff_contact', { hotline: hotline.number, hours: hotline.hours }) }],
    };
  }

  answer(ctx: FlowContext): Promise<FlowResult> {
    return this.enter(ctx);
  }

  prompt(): [] {
    return [];
  }
}
