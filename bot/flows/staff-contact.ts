/** "Gặp cán bộ": how to reach a person at the legal aid centre. */
import { hotlineAt } from '../../intake/hotline.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import { botMessages } from '../messages.ts';

export class StaffContactFlow implements Flow {
  readonly id = 'staff';

  async enter(ctx: FlowContext): Promise<FlowResult> {
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
