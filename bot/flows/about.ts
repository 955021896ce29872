/** "Giới thiệu": what legal aid is, that it is free, and the hotline. */
import { hotlineAt } from '../../intake/hotline.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import { botMessages } from '../messages.ts';

export class AboutFlow implements Flow {
  readonly id = 'about';

  async enter(ctx: FlowContext): Promise<FlowResult> {
    const hotline = hotlineAt(ctx.today);
    return { kind: 'done', replies: [{ text: botMessages.say('about', { hotline: hotline.number, hours: hotline.hours }) }] };
  }

  answer(ctx: FlowContext): Promise<FlowResult> {
    return this.enter(ctx);
  }

  prompt(): [] {
    return [];
  }
}
