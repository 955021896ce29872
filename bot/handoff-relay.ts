/**
 * The citizen's side of a conversation handed to a person: opening it ("gặp cán bộ"), relaying
 * what the citizen writes to the centre's staff chats while the bot keeps quiet, and ending it.
 * Message text is relayed to staff (that is the point) but never logged.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { matchChoice } from '../lib/choice-matcher.ts';
import { loadMessages } from '../lib/messages.ts';
import type { Outbox } from '../lib/outbox.ts';
import type { Clock } from '../lib/clock.ts';
import type { Handoff, HandoffStore } from '../intake/handoff/handoff-store.ts';
import { hotlineAt } from '../intake/hotline.ts';
import type { BranchDirectory } from '../intake/routing/directory.ts';
import type { IncomingMessage } from './message.ts';

export const handoffMessages = loadMessages(new URL('./handoff.vi.yaml', import.meta.url), [
  'opened', 'to_staff_opened', 'to_staff_message', 'staff_says', 'closed_by_citizen', 'closed_by_staff', 'to_staff_closed', 'question_queued',
]);
const endWords = (parse(readFileSync(new URL('./handoff.vi.yaml', import.meta.url), 'utf8')) as { end_words: string[] }).end_words;

/** The reason of a handoff during which the bot keeps quiet. */
export const SILENT_REASON = 'gặp cán bộ';

export class HandoffRelay {
  constructor(
    private readonly deps: { handoffs: HandoffStore; outbox: Outbox; directory: BranchDirectory; clock: Clock },
  ) {}

  /** Opens (or finds) the conversation's handoff and tells the centre's staff chats. */
  async open(message: IncomingMessage, today: string): Promise<string> {
    const { handoffs, clock } = this.deps;
    const existing = await handoffs.active(message.channel, message.chatId);
    const handoff = existing ?? (await handoffs.open(message.channel, message.chatId, message.userId, SILENT_REASON, clock.now()));
    if (existing && existing.reason !== SILENT_REASON) await handoffs.setReason(existing.id, SILENT_REASON);
    if (!existing || existing.reason !== SILENT_REASON) {
      await this.toStaff(handoffMessages.say('to_staff_opened', { code: handoff.code, channel: message.channel }));
    }
    const hotline = hotlineAt(today);
    return handoffMessages.say('opened', { code: handoff.code, hours: this.deps.directory.data.centre.hours || hotline.hours, hotline: hotline.number });
  }

  /** Puts a question the bot was not sure of in the staff queue, without silencing the bot. */
  async queueQuestion(message: IncomingMessage, question: string): Promise<void> {
    const { handoffs, clock } = this.deps;
    const handoff = (await handoffs.active(message.channel, message.chatId)) ?? (await handoffs.open(message.channel, message.chatId, message.userId, 'câu hỏi chưa chắc', clock.now()));
    await this.toStaff(handoffMessages.say('question_queued', { code: handoff.code, text: question.slice(0, 1000) }));
  }

  /** The conversation's handoff during which the bot keeps quiet, if one is open. */
  async silencing(message: IncomingMessage): Promise<Handoff | undefined> {
    const handoff = await this.deps.handoffs.active(message.channel, message.chatId);
    return handoff?.reason === SILENT_REASON ? handoff : undefined;
  }

  /**
   * Handles a citizen's message during a handoff that silences the bot ("gặp cán bộ"): relays it
   * and answers nothing, or ends the handoff on "kết thúc". Returns the replies, or undefined when
   * the conversation is not in such a handoff.
   */
  async handle(message: IncomingMessage, handoff: Handoff): Promise<'closed' | 'relayed'> {
    if (matchChoice(message.text, [{ id: 'end', label: endWords[0]!, keywords: endWords }], { mode: 'whole', numbers: false })) {
      await this.deps.handoffs.close(handoff.id, this.deps.clock.now());
      await this.toStaff(handoffMessages.say('to_staff_closed', { code: handoff.code }));
      return 'closed';
    }
    const text = message.text.trim() || (message.attachments?.length ? '(tệp đính kèm)' : '');
    if (text) await this.toStaff(handoffMessages.say('to_staff_message', { code: handoff.code, text: text.slice(0, 2000) }));
    return 'relayed';
  }

  private async toStaff(text: string): Promise<void> {
    for (const chat of this.deps.directory.centre.staffChats) await this.deps.outbox.enqueue({ ...chat, text }, this.deps.clock.now());
  }
}
