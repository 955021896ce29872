/**
 * "Gặp cán bộ": how to reach a person at the legal aid centre. With a relay, the conversation is
 * handed to staff: the opening message says what happens now and how to end, and no menu follows
 * (the relay answers the opening's own choices while the bot is quiet).
 */
import { hotlineAt } from '../../intake/hotline.ts';
import type { Flow, FlowContext, FlowResult } from '../flow.ts';
import type { HandoffRelay } from '../handoff-relay.ts';
import { botMessages } from '../messages.ts';

/** The step a conversation stays at while handed to staff. */
export const HANDOFF_STEP = 'handoff';

export class StaffContactFlow implements Flow {
  readonly id = 'staff';

  /** With a relay, "gặp cán bộ" hands the conversation to staff; without one, it gives the hotline. */
  constructor(private readonly relay?: HandoffRelay) {}

  async enter(ctx: FlowContext): Promise<FlowResult> {
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
    if (this.relay) return { kind: 'pass', replies: [] };
    return this.enter(ctx);
  }

  prompt(): [] {
    return [];
  }
}
